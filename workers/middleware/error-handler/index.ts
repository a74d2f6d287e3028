import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, errorBody } from "../../lib/api-error";
import type { AppEnv } from "../../types";

/** The only error exit of the app: every failure becomes OpenAI error JSON. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(err.body(), err.status);
  }
  if (err instanceof HTTPException) {
    // Hono's own (e.g. malformed JSON from the validator) — keep the status, reshape the body.
    const status = err.status >= 500 ? 502 : err.status;
    const message = err.message || (err.status === 400 ? "Malformed request." : "Request failed.");
    return c.json(errorBody(status, message, err.status === 400 ? "invalid_request" : null), status);
  }
  // A bug, not bad input: log without request contents (they may hold secrets).
  console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), path: new URL(c.req.url).pathname, error: String(err) }));
  return c.json(errorBody(500, "Internal error. Quote the x-request-id header when reporting it.", "internal_error"), 500);
};

export const notFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) =>
  c.json(errorBody(404, `Unknown route: ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}`, "unknown_route"), 404);
