import type { ComponentChildren } from "preact";

export function StatCard(props: { label: string; value: string; unit?: string; hint?: ComponentChildren; id?: string }) {
  return (
    <div class="card stat" data-stat={props.id}>
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">
        {props.value}
        {props.unit ? <span class="stat-unit"> {props.unit}</span> : null}
      </div>
      {props.hint ? <div class="stat-hint">{props.hint}</div> : null}
    </div>
  );
}

export function StatGrid(props: { children: ComponentChildren; label: string }) {
  return (
    <section class="stat-grid" aria-label={props.label}>
      {props.children}
    </section>
  );
}
