const TONE: Record<string, "ok" | "warn" | "bad"> = { active: "ok", starting: "warn", cooldown: "bad", offline: "bad" };

/** Colour plus the word itself: status must not depend on colour vision. */
export function StatusBadge(props: { status: string }) {
  const tone = TONE[props.status] ?? "bad";
  return (
    <span class={`badge badge-${tone}`} data-status={props.status}>
      <span class="dot" aria-hidden="true" />
      {props.status}
    </span>
  );
}
