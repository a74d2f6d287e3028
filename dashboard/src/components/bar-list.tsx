import { formatDecimal, toChartNumber } from "../lib/points";

/** Horizontal bars: a breakdown reads at a glance and still fits a phone. */
export function BarList(props: { title: string; rows: { label: string; amount: string }[]; empty: string }) {
  const max = Math.max(0, ...props.rows.map((r) => toChartNumber(r.amount)));
  return (
    <figure class="bar-list">
      <figcaption>{props.title}</figcaption>
      {props.rows.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <ul>
          {props.rows.map((r) => {
            const pct = max > 0 ? Math.max(2, (toChartNumber(r.amount) / max) * 100) : 0;
            return (
              <li key={r.label}>
                <div class="bar-head">
                  <span class="bar-label">{r.label}</span>
                  <span class="bar-value">{formatDecimal(r.amount)}</span>
                </div>
                <div class="bar-track" aria-hidden="true">
                  <div class="bar-fill" style={{ width: `${pct}%` }} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </figure>
  );
}
