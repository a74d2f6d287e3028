// Copies the static dashboard into dist/, the folder wrangler serves as assets.
import { cpSync, mkdirSync } from "node:fs";
mkdirSync(new URL("./dist", import.meta.url), { recursive: true });
cpSync(new URL("./public", import.meta.url), new URL("./dist", import.meta.url), { recursive: true });
