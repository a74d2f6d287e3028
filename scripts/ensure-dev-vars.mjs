// `npm start` on a fresh clone: create .dev.vars with a random ADMIN_TOKEN if there is none.
import { existsSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

const path = new URL("../.dev.vars", import.meta.url);
if (!existsSync(path)) {
  const token = randomBytes(24).toString("base64url");
  writeFileSync(path, `# Local secrets for wrangler dev (not committed).\nADMIN_TOKEN=${token}\n`, { mode: 0o600 });
  console.log("Created .dev.vars with a random ADMIN_TOKEN (see the file to use the admin API locally).");
}
