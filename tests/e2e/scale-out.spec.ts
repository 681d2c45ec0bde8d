/**
 * Ready to scale out (issue 23, items 2 and 3): two servers on one PostgreSQL database, one
 * of them with two workers (Node's cluster), share everything that must be shared, because
 * it lives in the database: a session made on one opens pages on the other, wrong passwords
 * on one throttle the account on the other, and an import uploaded on one is seen, with its
 * progress, on the other. A worker that dies is replaced while its sibling keeps serving.
 */
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import http from "node:http";
import { createDemoDatabase, signInOverHttp, startApp, type App } from "./support/own-server";
import { USERS } from "./helpers";
import { generateImportSet } from "../support/import-set";

const DB = `${process.env.E2E_DB ?? "waypoint_e2e"}_scale`;
const PORT = Number(process.env.E2E_PORT ?? 3210) + 61;

let a: App;
let b: App;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const url = await createDemoDatabase(DB, 5);
  a = await startApp({ databaseUrl: url, port: PORT, env: { WAYPOINT_WORKERS: "2" } });
  b = await startApp({ databaseUrl: url, port: PORT + 1, env: { WAYPOINT_WORKERS: "1" } });
});
test.afterAll(async () => {
  for (const app of [a, b]) {
    if (!app) continue;
    app.process.kill("SIGTERM");
    await new Promise((r) => app.process.once("exit", r));
  }
});

const page = (app: App, path: string, cookie: string) => fetch(`${app.base}${path}`, { headers: { cookie }, redirect: "manual" });
const freshGet = (url: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    // A connection handed to the worker as it died is never answered: give up on it and try anew.
    req.setTimeout(2000, () => req.destroy(new Error("no answer within 2 s")));
  });
const workersOf = (app: App) =>
  execFileSync("ps", ["-o", "pid=", "--ppid", String(app.process.pid)], { encoding: "utf8" })
    .split("\n")
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);

test("a session made on one server opens pages on the other", async () => {
  const cookie = await signInOverHttp(a.base, "officer");
  const res = await page(b, "/", cookie);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("Today");
});

test("wrong passwords on one server throttle the account on the other", async () => {
  const attempt = (app: App, password: string) =>
    fetch(`${app.base}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: USERS.analyst, password, returnTo: "/" }),
    });
  let throttled = false;
  for (let i = 0; i < 12 && !throttled; i++)
    throttled = (await (await attempt(a, "not the password")).text()).includes("Too many attempts");
  expect(throttled).toBe(true);
  // The right password, on the other server, waits too.
  const other = await attempt(b, "waypoint-demo-2026");
  expect(other.status).toBe(200);
  expect(await other.text()).toContain("Too many attempts to sign in");
});

test("an import uploaded on one server is checked, and its progress seen, on the other", async () => {
  const cookie = await signInOverHttp(a.base, "administrator");
  const set = generateImportSet({
    households: 6,
    units: 6,
    seed: 9,
    today: "2026-11-01",
    prefix: "SCL",
    unitPrefix: "SCLU",
    providerSuffix: " (scale)",
  });
  const form = new FormData();
  for (const [name, content] of Object.entries(set)) form.append("files", new Blob([content], { type: "text/csv" }), name);
  const up = await fetch(`${a.base}/import`, { method: "POST", body: form, headers: { cookie, origin: a.base }, redirect: "manual" });
  expect(up.status).toBe(302);
  const where = up.headers.get("location")!;
  expect(where).toMatch(/^\/import\/[A-Za-z0-9_-]+$/);
  // The other server shows the upload's state: checking, then checked with its plan.
  let text = "";
  for (let i = 0; i < 60; i++) {
    text = await (await page(b, where, cookie)).text();
    if (text.includes("Check the import")) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(text).toContain("Check the import");
  expect(text).toContain("households.csv");
});

test("a worker that dies is replaced, and its sibling serves meanwhile", async () => {
  const before = workersOf(a);
  expect(before).toHaveLength(2);
  process.kill(before[0], "SIGKILL");
  // A connection the dead worker held is reset, as for any client of a crashed server; a new
  // connection is served by the sibling. Each try is on a new connection (no keep-alive).
  let status = 0;
  for (let i = 0; i < 10 && status !== 200; i++) {
    status = await freshGet(`${a.base}/healthz`).catch(() => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
  let now: number[] = [];
  for (let i = 0; i < 50; i++) {
    now = workersOf(a);
    if (now.length === 2 && !now.includes(before[0])) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(now).toHaveLength(2);
  expect(now).not.toContain(before[0]);
  expect(now).toContain(before[1]);
});
