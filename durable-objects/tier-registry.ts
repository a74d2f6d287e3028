import { DurableObject } from "cloudflare:workers";

export class TierRegistry extends DurableObject<Env> {}
