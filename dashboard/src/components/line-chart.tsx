import { formatDecimal, toChartNumber } from "../lib/points";

export interface Series {
  name: string;
  tone: "primary" | "accent";
  values: string[];
}

const W = 600;
const H = 200;

/** Rounds the axis top to 1, 2 or 5 × 10ⁿ so gridlines land on readable numbers. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * exp >= value) return m * exp;
  return 10 * exp;
}

function shortDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : d.toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
}

/**
 * Daily history as lines. The SVG stretches to its box (non-scaling strokes), axis labels are
 * HTML so they stay legible at phone width, and the same numbers sit in a table for screen
 * readers and keyboard users.
 */
export function LineChart(props: { title: string; dates: string[]; series: Series[] }) {
  const n = props.dates.length;
  const top = niceMax(Math.max(0, ...props.series.flatMap((s) => s.values.map(toChartNumber))));
  const x = (i: number) => (n <= 1 ? W / 2 : (i / (n - 1)) * W);
  const y = (v: number) => H - (v / top) * H;
  const ticks = [0, 0.5, 1].map((f) => top * f);
  const labelIdx = n > 0 ? [...new Set([0, Math.floor((n - 1) / 2), n - 1])] : [];
  return (
    <figure class="chart">
      <figcaption>
        <span>{props.title}</span>
        <span class="legend">
          {props.series.map((s) => (
            <span class={`legend-item tone-${s.tone}`} key={s.name}>
              <span class="swatch" aria-hidden="true" />
              {s.name}
            </span>
          ))}
        </span>
      </figcaption>
      <div class="chart-body" aria-hidden="true">
        <div class="chart-y">
          {[...ticks].reverse().map((t) => (
            <span key={t}>{formatDecimal(String(t), 2, 0)}</span>
          ))}
        </div>
        <div class="chart-plot">
          <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="presentation" focusable="false">
            {ticks.map((t) => (
              <line key={t} class="grid" x1="0" x2={W} y1={y(t)} y2={y(t)} vector-effect="non-scaling-stroke" />
            ))}
            {props.series.map((s) => {
              const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(toChartNumber(v)).toFixed(1)}`);
              return (
                <g key={s.name} class={`tone-${s.tone}`}>
                  {s.tone === "primary" && n > 1 ? <polygon class="area" points={`0,${H} ${pts.join(" ")} ${W},${H}`} /> : null}
                  <polyline class="line" points={pts.join(" ")} vector-effect="non-scaling-stroke" />
                </g>
              );
            })}
            {props.dates.map((d, i) => (
              <rect key={d} x={x(i) - W / Math.max(1, n) / 2} y="0" width={W / Math.max(1, n)} height={H} class="hit">
                <title>{`${d}: ${props.series.map((s) => `${s.name} ${formatDecimal(s.values[i] ?? "0")}`).join(", ")}`}</title>
              </rect>
            ))}
          </svg>
          <div class="chart-x">
            {labelIdx.map((i) => (
              <span key={i}>{shortDate(props.dates[i] ?? "")}</span>
            ))}
          </div>
        </div>
      </div>
      <details class="chart-table">
        <summary>Show as table</summary>
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {props.series.map((s) => (
                  <th scope="col" class="num" key={s.name}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.dates.map((d, i) => (
                <tr key={d}>
                  <th scope="row">{d}</th>
                  {props.series.map((s) => (
                    <td class="num" key={s.name}>
                      {formatDecimal(s.values[i] ?? "0")}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
