import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../types";

export interface PublicCorsOptions {
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

/**
 * CORS for a public, bearer-token API (any origin, no cookies). Headers go on the final response
 * after the handler: hono's cors() sets them on a placeholder response before it, which makes
 * Hono copy every handler response once more — measurable on the proxy's hot path.
 */
export const publicCors = (opts: PublicCorsOptions) => {
  const allowHeaders = opts.allowHeaders.join(",");
  const exposeHeaders = opts.exposeHeaders.join(",");
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": "*",
          "access-control-allow-methods": "GET,HEAD,POST,PUT,PATCH,DELETE",
          "access-control-allow-headers": allowHeaders,
          "access-control-expose-headers": exposeHeaders,
          "access-control-max-age": String(opts.maxAgeSeconds),
        },
      });
    }
    await next();
    let headers = c.res.headers;
    try {
      headers.set("access-control-allow-origin", "*");
    } catch {
      // Immutable headers (a fetched response passed through): copy once, then decorate.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
      headers.set("access-control-allow-origin", "*");
    }
    headers.set("access-control-expose-headers", exposeHeaders);
  });
};
