import { z } from "zod";
import { api, ApiError } from "../../api/client";
import type { Session } from "../../lib/session";

const Anything = z.unknown();

/** Asks the API whether the credential opens the role's own data; throws its refusal. */
export async function verifySession(session: Session): Promise<void> {
  if (session.role === "user") {
    await api(Anything, `/api/user/${encodeURIComponent(session.id)}/keys`, { token: session.secret });
    return;
  }
  if (session.role === "provider") {
    const base = `/api/providers/${encodeURIComponent(session.id)}`;
    try {
      await api(Anything, `${base}/referral-stats`, { token: session.secret });
    } catch (err) {
      // Older orchestrators have no stats route; the nodes list checks the same secret.
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
      await api(Anything, `${base}/nodes`, { token: session.secret });
    }
    return;
  }
  try {
    await api(Anything, "/api/admin/epochs", { token: session.secret });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    await api(Anything, "/api/admin/registry", { token: session.secret });
  }
}
