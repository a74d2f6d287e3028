import { z } from "zod";

export const ApiErrorBody = z.object({
  error: z.object({ message: z.string(), type: z.string().nullish(), code: z.string().nullish(), param: z.string().nullish() }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
  /** The credential itself was refused (as opposed to a forbidden action on a valid one). */
  get isAuth(): boolean {
    return this.status === 401;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "DELETE";
  token?: string;
  body?: unknown;
}

/**
 * One JSON call to the orchestrator. The credential travels only in the Authorization header;
 * the response is parsed with `schema`, and any failure becomes an ApiError with a message a
 * person can act on.
 */
export async function api<T extends z.ZodType>(schema: T, path: string, options: RequestOptions = {}): Promise<z.infer<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method: options.method ?? "GET", headers, body: options.body === undefined ? null : JSON.stringify(options.body) });
  } catch {
    throw new ApiError("Cannot reach the Cxmpute API. Check your connection and try again.", 0, "network_error");
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const parsed = ApiErrorBody.safeParse(json);
    if (parsed.success) throw new ApiError(parsed.data.error.message, res.status, parsed.data.error.code ?? null);
    throw new ApiError(`The API answered ${res.status} ${res.statusText || "without details"}.`, res.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(`The API sent an answer this dashboard does not understand (${path.split("?")[0]}).`, res.status, "bad_response");
  return parsed.data;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return "Something went wrong.";
}
