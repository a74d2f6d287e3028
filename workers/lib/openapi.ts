import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Hook } from "@hono/zod-openapi";
import { ApiError } from "./api-error";
import type { AppEnv } from "../types";

/** Turns the first zod issue into an OpenAI-style 400 naming the offending field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const issue = result.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join(".") : undefined;
  const where = param ? `${param}: ` : "";
  throw new ApiError(400, `Invalid request ${result.target}: ${where}${issue?.message ?? "invalid value"}`, {
    code: "invalid_request",
    ...(param ? { param } : {}),
  });
};

/** Every router is built through this so validation errors share one shape. */
export const router = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

export const ErrorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable(),
      code: z.string().nullable(),
    }),
  })
  .openapi("Error");

/** Common error responses for route definitions. */
export function errors(...statuses: number[]) {
  const out: Record<number, { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }> = {};
  for (const s of statuses) out[s] = { description: `Error ${s}`, content: { "application/json": { schema: ErrorSchema } } };
  return out;
}

export const bearerSecurity = [{ bearer: [] as string[] }];
