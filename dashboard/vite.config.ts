import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// Everything is bundled (no CDN, system fonts) and served by the Worker from dist/.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
  server: { proxy: { "/api": "http://127.0.0.1:8787", "/v1": "http://127.0.0.1:8787", "/health": "http://127.0.0.1:8787" } },
});
