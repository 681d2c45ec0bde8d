#!/usr/bin/env node
// The whole test suite, as the README's `npm test` runs it:
//  0. the linter and the formatter (ESLint, Prettier) on the whole tree,
//  1. unit and database tests (Vitest) on real PostgreSQL,
//  2. the database tests again on the embedded engine (PGlite),
//  3. browser journeys (Playwright in Debian's Chromium) with axe scans,
//  4. a 30-second load of 100 clients that must see no 500 and lose no write.
// Ends with one plain line, "N passed, N failed", counting every test run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const tmp = join(process.cwd(), "tests", ".tmp");
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log("Installing Debian's Chromium for the browser tests...");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit" });
  }
  if (!existsSync(chromium)) {
    console.error(`Chromium not found at ${chromium}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH).`);
    process.exit(1);
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  // Each phase says how long it took, so the whole run's time (CI's budget is 30 minutes) is
  // seen phase by phase.
  console.log(`=== ${label}: ${Math.round((Date.now() - started) / 1000)} s ===`);
  return r.status ?? 1;
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const j = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  // A file that failed to load has no tests but must count as a failure.
  const brokenFiles = (j.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  totals.failed += brokenFiles;
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const j = JSON.parse(readFileSync(file, "utf8"));
  const s = j.stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
  totals.failed += (j.errors ?? []).length;
  return true;
}

const vitestArgs = (out) => ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`];

// The linter (ESLint, TypeScript and React rules) and the formatter (Prettier), on the whole tree.
let code = run("Lint and format (ESLint, Prettier)", "npm", ["run", "--silent", "lint"]);
if (code === 0) totals.passed += 1;
else {
  totals.failed += 1;
  broken = true;
}

code = run("Unit and database tests on PostgreSQL", "npx", vitestArgs(join(tmp, "vitest-pg.json")), { WAYPOINT_TEST_ENGINE: "pg" });
if (!countVitest(join(tmp, "vitest-pg.json")) || code !== 0) broken ||= code !== 0;

code = run("Database tests on embedded PostgreSQL (PGlite)", "npx", [...vitestArgs(join(tmp, "vitest-pglite.json")), ".db.test."], {
  WAYPOINT_TEST_ENGINE: "pglite",
});
if (!countVitest(join(tmp, "vitest-pglite.json")) || code !== 0) broken ||= code !== 0;

code = run("Build", "npm", ["run", "build"]);
if (code !== 0) {
  totals.failed += 1;
  broken = true;
} else {
  code = run("Browser journeys (Playwright, Chromium, axe)", "npx", ["playwright", "test"], {
    PLAYWRIGHT_JSON: join(tmp, "playwright.json"),
  });
  if (!countPlaywright(join(tmp, "playwright.json"))) totals.failed += 1;
  broken ||= code !== 0;
  // Load: 100 signed-in clients for 30 s of pages and writes; passes with no 500 and no
  // acknowledged write missing (the full minute is `npm run load`).
  code = run("Load (100 clients, 30 s)", process.execPath, ["tests/bench/load.mjs", "--clients", "100", "--seconds", "30"]);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
}

if (broken && totals.failed === 0) totals.failed = 1; // a runner failed without reporting a test
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
