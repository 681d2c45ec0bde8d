/**
 * Faults: the app between a browser and a PostgreSQL that goes away. A TCP proxy in
 * front of the real server lets the test cut every connection (as a restart does),
 * refuse new ones for a while, bring the database back, or stall it, without touching
 * the server that other tests use. The app runs as in production (app/cli/serve.mjs).
 */
import { test, expect } from "@playwright/test";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { PASSWORD, USERS } from "./helpers";

const ADMIN = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB = `${process.env.E2E_DB ?? "waypoint_e2e"}_faults`;
const PORT = Number(process.env.E2E_PORT ?? 3210) + 50;
const BASE = `http://127.0.0.1:${PORT}`;

class Proxy {
  mode: "up" | "down" | "stalled" = "up";
  private sockets = new Set<net.Socket>();
  private stalled: (() => void)[] = [];
  server = net.createServer((client) => {
    if (this.mode === "down") return void client.destroy();
    const target = new URL(ADMIN);
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
      s.on("error", () => {});
    }
    const forward = (from: net.Socket, to: net.Socket) => from.on("data", (chunk) => {
      if (this.mode === "stalled") this.stalled.push(() => to.write(chunk));
      else to.write(chunk);
    });
    forward(client, upstream);
    forward(upstream, client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  port = 0;
  async start() {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  /** What a restart looks like to the app: every connection dropped, new ones refused. */
  cut() {
    this.mode = "down";
    for (const s of this.sockets) s.destroy();
  }
  restore() {
    this.mode = "up";
    for (const f of this.stalled.splice(0)) f();
  }
  stall() {
    this.mode = "stalled";
  }
  async stop() {
    this.cut();
    await new Promise((r) => this.server.close(r));
  }
}

function urlFor(port: number | null) {
  const u = new URL(ADMIN);
  if (port) {
    u.hostname = "127.0.0.1";
    u.port = String(port);
  }
  u.pathname = `/${DB}`;
  return u.toString();
}

async function startApp(proxy: Proxy): Promise<{ app: ChildProcess; output: () => string }> {
  let out = "";
  const app = spawn(process.execPath, ["app/cli/serve.mjs", "build/index.js"], {
    env: { ...process.env, DATABASE_URL: urlFor(proxy.port), PORT: String(PORT), NODE_ENV: "production", WAYPOINT_DEMO: "1", WAYPOINT_ACCESS_LOG: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (d) => (out += d));
  app.stderr!.on("data", (d) => (out += d));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return { app, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app did not start: ${out}`);
}

async function signIn(): Promise<string> {
  const res = await fetch(`${BASE}/sign-in`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: USERS.administrator, password: PASSWORD, returnTo: "/" }),
  });
  expect(res.status).toBe(302);
  return res.headers.get("set-cookie")!.split(";")[0];
}

/** Adds a user: an acknowledged write is a 302 to the users list. */
async function addUser(cookie: string, n: number): Promise<number> {
  try {
    const res = await fetch(`${BASE}/admin/users/new`, {
      method: "POST", redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ name: `Fault Tester ${n}`, email: `fault.${n}@faults.waypoint.test`, role: "officer", password: "a long enough password" }),
    });
    return res.status;
  } catch {
    return 0;
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${DB}`);
  await c.end();
  const load = spawnSync(process.execPath, ["app/cli/waypoint.mjs", "demo", "--households", "40", "--years", "1", "--today", "2026-11-23"], {
    env: { ...process.env, DATABASE_URL: urlFor(null) }, encoding: "utf8",
  });
  expect(load.status, load.stderr).toBe(0);
});

test("a database outage gives a 503 'try again' page, the app recovers by itself, and no acknowledged write is lost", async () => {
  test.setTimeout(120_000);
  const proxy = new Proxy();
  await proxy.start();
  const { app, output } = await startApp(proxy);
  try {
    const cookie = await signIn();
    const statuses = new Map<number, number>();
    let n = 0;
    const before = await Promise.all(Array.from({ length: 10 }, () => addUser(cookie, ++n)));
    before.forEach((s, i) => statuses.set(i + 1, s));
    expect(before.every((s) => s === 302)).toBe(true);

    proxy.cut();
    const page = await fetch(`${BASE}/households`, { headers: { cookie } });
    expect(page.status).toBe(503);
    const html = await page.text();
    expect(html).toContain("Sorry, the service is unavailable");
    expect(html).toContain("Try again in a few minutes");
    expect((await fetch(`${BASE}/healthz`)).status).toBe(503);
    const during = await Promise.all(Array.from({ length: 10 }, () => addUser(cookie, ++n)));
    during.forEach((s, i) => statuses.set(11 + i, s));
    expect(during.every((s) => s === 503)).toBe(true);

    proxy.restore();
    let healthy = false;
    for (let i = 0; i < 50 && !healthy; i++) {
      healthy = (await fetch(`${BASE}/healthz`)).status === 200;
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy).toBe(true);
    expect((await fetch(`${BASE}/households`, { headers: { cookie } })).status).toBe(200);
    const after = await Promise.all(Array.from({ length: 10 }, () => addUser(cookie, ++n)));
    after.forEach((s, i) => statuses.set(21 + i, s));
    expect(after.every((s) => s === 302)).toBe(true);

    const c = new pg.Client({ connectionString: urlFor(null) });
    await c.connect();
    const { rows } = await c.query<{ email: string }>("SELECT email FROM users WHERE email LIKE 'fault.%'");
    await c.end();
    const saved = new Set(rows.map((r) => r.email));
    for (const [i, status] of statuses) {
      if (status === 302) expect(saved.has(`fault.${i}@faults.waypoint.test`), `acknowledged write ${i}`).toBe(true);
      else expect(saved.has(`fault.${i}@faults.waypoint.test`), `refused write ${i}`).toBe(false);
    }
    expect(output()).not.toMatch(/Unhandled|uncaught/i);
  } finally {
    app.kill("SIGKILL");
    await proxy.stop();
  }
});

test("SIGTERM lets a request in flight finish before the server stops", async () => {
  test.setTimeout(60_000);
  const proxy = new Proxy();
  await proxy.start();
  const { app } = await startApp(proxy);
  try {
    const cookie = await signIn();
    const exited = new Promise<number | null>((r) => app.on("exit", (code) => r(code)));
    proxy.stall(); // the next request waits on the database
    const inFlight = fetch(`${BASE}/households`, { headers: { cookie } });
    await new Promise((r) => setTimeout(r, 300));
    app.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    // New connections are refused while the old request finishes.
    await expect(fetch(`${BASE}/healthz`)).rejects.toThrow();
    proxy.restore();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Households");
    expect(await exited).toBe(0);
  } finally {
    app.kill("SIGKILL");
    await proxy.stop();
  }
});
