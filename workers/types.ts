/** Hono environment of the whole app: bindings from `wrangler types`, per-request variables set by middleware. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Set by api-key auth on /v1 routes. */
    userId: string;
    apiKeyId: string;
    /** The per-key rate limit decision, running alongside the handler; rejects with a 429. */
    admission: Promise<void>;
  };
}
