import type { ComponentChildren } from "preact";

export interface Column<T> {
  header: string;
  cell(row: T): ComponentChildren;
  numeric?: boolean;
}

/** Scrolls sideways inside its own box on a phone instead of widening the page. */
export function DataTable<T>(props: { caption: string; columns: Column<T>[]; rows: T[]; rowKey(row: T): string; empty?: string; captionHidden?: boolean }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.caption} tabIndex={0}>
      <table>
        <caption class={props.captionHidden ? "sr-only" : ""}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.numeric ? "num" : ""} key={c.header}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} class="empty">
                {props.empty ?? "Nothing here yet."}
              </td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((c) => (
                  <td class={c.numeric ? "num" : ""} key={c.header}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
