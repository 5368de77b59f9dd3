import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { precompressPlugin } from "./build/precompress.plugin.js";

// The console is a static bundle served beside /graphql (same origin): nothing is fetched from a CDN at run time.
// precompressPlugin writes .br/.gz siblings of the text files, which the gateway sends to browsers that accept them.
export default defineConfig({
  plugins: [react(), precompressPlugin()],
  base: "/",
  build: { outDir: "dist", sourcemap: false, assetsInlineLimit: 0 },
  server: { proxy: { "/graphql": { target: "http://127.0.0.1:4000", ws: true } } },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "build/**/*.test.ts"],
    // `npm test` runs these beside the e2e suites on two cores: the default 5 s per test times out under that load.
    // Tests assert behaviour, not timings.
    testTimeout: 30_000,
  },
});
