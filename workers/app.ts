import { methodNotAllowed } from "hono/method-not-allowed";
import { errorBody } from "./lib/api-error";
import { router } from "./lib/openapi";
import { jsonBodyLimit } from "./middleware/body-limit";
import { publicCors } from "./middleware/cors";
import { notFound, onError } from "./middleware/error-handler";
import { requestId } from "./middleware/request-id";
import { accounts } from "./routes/accounts";
import { adminAccounts } from "./routes/admin-accounts";
import { docs } from "./routes/docs";
import { health } from "./routes/health";
import { keys } from "./routes/keys";
import { nodes } from "./routes/nodes";
import { adminRegistry } from "./routes/admin-registry";
import { v1 } from "./routes/v1";
import { referrals } from "./routes/referrals";
import { epochRoutes } from "./routes/epochs";
import { adminReconcile } from "./routes/admin-reconcile";

export function createApp() {
  const app = router();
  app.use(requestId());
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) =>
        c.json(errorBody(405, `Method ${c.req.method} is not allowed here; use ${allowed.join(", ")}.`, "method_not_allowed"), 405, { Allow: allowed.join(", ") }),
    }),
  );
  const cors = publicCors({ allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"], exposeHeaders: ["X-Request-Id", "Retry-After"], maxAgeSeconds: 86400 });
  app.use("/api/*", cors);
  app.use("/v1/*", cors);
  app.use("/api/*", jsonBodyLimit());

  app.route("/", health);
  app.route("/", accounts);
  app.route("/", keys);
  app.route("/", adminAccounts);
  app.route("/", nodes);
  app.route("/", adminRegistry);
  app.route("/", v1);
  app.route("/", referrals);
  app.route("/", epochRoutes);
  app.route("/", adminReconcile);
  app.route("/", docs);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Cxmpute API", version: "1.0.0", description: "OpenAI-compatible inference on a decentralized provider network." },
  });

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
