// Builds the web console (console/src, Preact) into console/dist, served by the API at
// /console. No CDN at run time: every script, style and font comes from Folio itself.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export const CONSOLE_ROOT = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: CONSOLE_ROOT,
  base: "/console/",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Figures: a build over this budget is a console that loads slowly on a branch link.
    chunkSizeWarningLimit: 400,
    sourcemap: false,
  },
});
