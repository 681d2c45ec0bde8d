import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/lib/**/*.test.{ts,tsx}", "tests/features/**/*.test.{ts,tsx}"],
    setupFiles: ["tests/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Test files share their worker processes (no fresh module graph per file): every file opens
    // its own database (tests/support/harness.ts) and no test changes process.env or mocks a
    // module, so nothing a file keeps reaches another. A fresh graph per file re-imported the app
    // and re-compiled PGlite's WebAssembly for each of 60 files: the PGlite phase took twice as long.
    isolate: false,
  },
});
