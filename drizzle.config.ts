import { defineConfig } from "drizzle-kit";

// drizzle-kit writes numbered SQL into the folder wrangler applies (wrangler.toml migrations_dir).
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/db/schema.ts",
  out: "./d1-migrations",
});
