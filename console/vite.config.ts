import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The console is a static bundle served beside /graphql (same origin): nothing is fetched from a CDN at run time.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", sourcemap: false, assetsInlineLimit: 0 },
  server: { proxy: { "/graphql": { target: "http://127.0.0.1:4000", ws: true } } },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // `npm test` runs these beside the e2e suites on two cores: the default 5 s per test times out under that load.
    // Tests assert behaviour, not timings.
    testTimeout: 30_000,
  },
});
