import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "../lib/api-error";
import { invalidRequest } from "../lib/openapi";
import type { AppEnv } from "../types";

const MAX_BYTES = 4 * 1024 * 1024;

/**
 * Reads the raw body (forwarded untouched, so the node signs and sees exactly what the client sent)
 * and validates it, naming the offending field in a 400.
 */
export async function readBody<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<{ raw: string; body: z.infer<T> }> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BYTES) throw new ApiError(413, `Request body is larger than ${MAX_BYTES} bytes.`, { code: "request_too_large" });
  // Straight from the request: nothing else on these routes reads the body, so no cache is needed.
  const raw = await c.req.raw.text();
  if (raw.length > MAX_BYTES) throw new ApiError(413, `Request body is larger than ${MAX_BYTES} bytes.`, { code: "request_too_large" });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "We could not parse the JSON body of your request. Send valid JSON with Content-Type: application/json.", { code: "invalid_json" });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw invalidRequest(result.error.issues, "body");
  return { raw, body: result.data };
}
