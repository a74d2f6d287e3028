import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../../lib/api-error";
import type { AppEnv } from "../../types";

/** JSON bodies are capped (MAX_BODY_BYTES) before anything parses them. */
export const jsonBodyLimit = () =>
  createMiddleware<AppEnv>((c, next) => {
    const maxSize = Number(c.env.MAX_BODY_BYTES) || 1_048_576;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, `Request body is larger than ${maxSize} bytes.`, { code: "request_too_large" });
      },
    })(c, next);
  });
