import type { ComponentChildren } from "preact";

/** Errors interrupt screen readers (alert); confirmations wait their turn (status). */
export function Notice(props: { kind: "error" | "success" | "info"; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}
