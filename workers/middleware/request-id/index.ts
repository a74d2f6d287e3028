import { createMiddleware } from "hono/factory";
import { REQUEST_ID_HEADER } from "@cxmpute/protocol";
import type { AppEnv } from "../../types";

// A caller's id is kept only when it cannot smuggle anything into logs or headers.
const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const requestId = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const id = incoming && SAFE_ID.test(incoming) ? incoming : `req_${crypto.randomUUID().replaceAll("-", "")}`;
    c.set("requestId", id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  });
