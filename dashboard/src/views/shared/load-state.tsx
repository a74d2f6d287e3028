import type { ApiError } from "../../api/client";
import { Notice } from "../../components/notice";

export function LoadState(props: { loading: boolean; error: ApiError | null; what: string }) {
  if (props.error) return <Notice kind="error">{`Could not load ${props.what}: ${props.error.message}`}</Notice>;
  if (props.loading) return <p class="muted" aria-live="polite">Loading {props.what}…</p>;
  return null;
}
