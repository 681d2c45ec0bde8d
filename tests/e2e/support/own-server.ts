/**
 * A test's own copy of Waypoint: its own database on the PostgreSQL server (a small
 * demo council), and the production server process on its own port, so a test may
 * break things (cut the database, fuzz every form) without disturbing the others.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import pg from "pg";
import { PASSWORD, USERS } from "../helpers";

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string, viaPort?: number): string {
  const u = new URL(ADMIN_URL);
  if (viaPort) {
    u.hostname = "127.0.0.1";
    u.port = String(viaPort);
  }
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database holding a small demo council. */
export async function createDemoDatabase(name: string, households = 40): Promise<string> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const load = spawnSync(
    process.execPath,
    ["app/cli/waypoint.mjs", "demo", "--households", String(households), "--years", "1", "--today", "2026-11-23"],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl(name) },
      encoding: "utf8",
    },
  );
  if (load.status !== 0) throw new Error(`demo load failed: ${load.stderr}`);
  return databaseUrl(name);
}

export interface App {
  process: ChildProcess;
  base: string;
  output(): string;
}

export async function startApp(opts: { databaseUrl: string; port: number; env?: Record<string, string> }): Promise<App> {
  let out = "";
  const child = spawn(process.execPath, ["app/cli/serve.mjs", "build/index.js"], {
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(opts.port),
      NODE_ENV: "production",
      WAYPOINT_DEMO: "1",
      WAYPOINT_ACCESS_LOG: "0",
      WAYPOINT_TODAY: "2026-11-23",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const base = `http://127.0.0.1:${opts.port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { process: child, base, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`the app did not start: ${out}`);
}

/** Signs in over HTTP and returns the session cookie ("name=value"). */
export async function signInOverHttp(base: string, role: keyof typeof USERS): Promise<string> {
  const res = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: USERS[role], password: PASSWORD, returnTo: "/" }),
  });
  if (res.status !== 302) throw new Error(`sign-in as ${role} failed: ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0];
}
