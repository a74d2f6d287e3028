import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Hook } from "@hono/zod-openapi";
import { ApiError } from "./api-error";
import type { AppEnv } from "../types";

/** The first zod issue as an OpenAI-style 400 naming the offending field. */
export function invalidRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[], target: string): ApiError {
  const issue = issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const where = param ? `${param}: ` : "";
  return new ApiError(400, `Invalid request ${target}: ${where}${issue?.message ?? "invalid value"}`, {
    code: "invalid_request",
    ...(param ? { param } : {}),
  });
}

export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw invalidRequest(result.error.issues, result.target);
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

/** `content` of a JSON request body or response in a route definition. */
export const jsonContent = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
