import { createRoute, z } from "@hono/zod-openapi";
import { createKey, listKeys, revokeKey } from "../accounts/api-keys";
import { db } from "../db";
import { bearerSecurity, errors, router, jsonContent } from "../lib/openapi";
import { userOwnerAuth } from "../middleware/owner-auth";

const UserParams = z.object({ userId: z.string().openapi({ param: { name: "userId", in: "path" } }) });
const KeyParams = UserParams.extend({ keyId: z.string().openapi({ param: { name: "keyId", in: "path" } }) });

const ApiKeyView = z
  .object({ id: z.string(), name: z.string(), hint: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi("ApiKey");
const ApiKeyCreated = ApiKeyView.extend({ key: z.string().openapi({ description: "The key itself; shown only in this response." }) }).openapi("ApiKeyCreated");
const CreateKeyBody = z.object({ name: z.string().trim().min(1).max(64) }).strict().openapi("CreateKeyRequest");


export const keys = router();
keys.use("/api/user/:userId/keys", userOwnerAuth());
keys.use("/api/user/:userId/keys/*", userOwnerAuth());

keys
  .openapi(
    createRoute({
      method: "get",
      path: "/api/user/{userId}/keys",
      tags: ["keys"],
      security: bearerSecurity,
      request: { params: UserParams },
      responses: { 200: { description: "The user's keys", ...jsonContent(z.object({ data: z.array(ApiKeyView) })) }, ...errors(401, 403, 404) },
    }),
    async (c) => c.json({ data: await listKeys(db(c.env.DB), c.req.valid("param").userId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/user/{userId}/keys",
      tags: ["keys"],
      security: bearerSecurity,
      request: { params: UserParams, body: { required: true, ...jsonContent(CreateKeyBody) } },
      responses: { 201: { description: "Created", ...jsonContent(ApiKeyCreated) }, ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await createKey(db(c.env.DB), c.req.valid("param").userId, c.req.valid("json").name), 201),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/user/{userId}/keys/{keyId}",
      tags: ["keys"],
      security: bearerSecurity,
      request: { params: KeyParams },
      responses: { 200: { description: "Revoked", ...jsonContent(ApiKeyView) }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { userId, keyId } = c.req.valid("param");
      return c.json(await revokeKey(db(c.env.DB), userId, keyId), 200);
    },
  );
