// Bundles the CLI with esbuild. @cxmpute/protocol is a private workspace package, so it is
// inlined; published dependencies stay external and are installed by npm with the package.
import { build } from "esbuild";
import { readFileSync, rmSync, chmodSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const external = Object.keys(pkg.dependencies ?? {});

rmSync(join(here, "dist"), { recursive: true, force: true });
await build({
  entryPoints: { cli: join(here, "src/cli.ts") },
  outdir: join(here, "dist"),
  bundle: true,
  // Splitting keeps `--help` fast: heavy subsystems are separate chunks loaded on demand.
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  banner: { js: "#!/usr/bin/env node" },
  define: { __CLI_VERSION__: JSON.stringify(pkg.version) },
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
chmodSync(join(here, "dist/cli.js"), 0o755);
