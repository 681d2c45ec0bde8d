#!/usr/bin/env node
// Load: `npm run load [-- --clients 100 --seconds 60]`. Starts the production server on
// its own PostgreSQL database (a small demo council), signs in one session per client,
// and holds that many clients for the given time on a mix of pages (Today, household
// search, household pages, find a unit, a report) and writes (each client saves
// move-on plans with a next action nobody else writes). Then it checks that every write
// the server acknowledged is in the audit trail and reports errors, 500s and
// percentiles. Loopback only, bounded in time, and it stops by itself.
import { spawn, spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import pg from "pg";

const { values: args } = parseArgs({
  options: { clients: { type: "string", default: "100" }, seconds: { type: "string", default: "60" } },
});
const CLIENTS = Number(args.clients);
const SECONDS = Math.min(600, Number(args.seconds));
const ADMIN = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB = "waypoint_load";
const PORT = 3470;
const BASE = `http://127.0.0.1:${PORT}`;
const url = (() => {
  const u = new URL(ADMIN);
  u.pathname = `/${DB}`;
  return u.toString();
})();

async function q(connection, text, params = []) {
  const c = new pg.Client({ connectionString: connection });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN;
};

async function main() {
  await q(ADMIN, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await q(ADMIN, `CREATE DATABASE ${DB}`);
  const load = spawnSync(
    process.execPath,
    ["app/cli/waypoint.mjs", "demo", "--households", "300", "--years", "2", "--today", "2026-11-23"],
    { env: { ...process.env, DATABASE_URL: url }, stdio: "inherit" },
  );
  if (load.status !== 0) throw new Error("demo load failed");
  const server = spawn(process.execPath, ["app/cli/serve.mjs", "build/index.js"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      NODE_ENV: "production",
      WAYPOINT_TODAY: "2026-11-23",
      WAYPOINT_ACCESS_LOG: "0",
      WAYPOINT_DEMO: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`${BASE}/healthz`)).ok) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const households = (
      await q(
        url,
        "SELECT DISTINCT household_id AS id FROM placements WHERE end_date IS NULL AND cancelled_at IS NULL ORDER BY 1 LIMIT 200",
      )
    ).map((r) => r.id);
    const owner = (await q(url, "SELECT id FROM users WHERE email = 'officer@demo.waypoint.test'"))[0].id;
    const cookies = [];
    for (let i = 0; i < CLIENTS; i++) {
      const res = await fetch(`${BASE}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "officer@demo.waypoint.test", password: "waypoint-demo-2026", returnTo: "/" }),
      });
      if (res.status !== 302) throw new Error(`sign-in failed: ${res.status}`);
      cookies.push(res.headers.get("set-cookie").split(";")[0]);
    }
    const stats = new Map();
    const note = (kind, ms, status) => {
      const s = stats.get(kind) ?? { ms: [], errors: 0, fivehundreds: 0 };
      s.ms.push(ms);
      if (status === 0 || status >= 400) s.errors++;
      if (status >= 500) s.fivehundreds++;
      stats.set(kind, s);
    };
    const acknowledged = [];
    let refused = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      cookies.map(async (cookie, c) => {
        let n = 0;
        while (Date.now() < until) {
          const h = households[(c * 7 + n) % households.length];
          const roll = (c + n++) % 10;
          const t = performance.now();
          let status = 0;
          let kind;
          try {
            if (roll < 3) {
              kind = "write: move-on plan";
              const token = `load-${c}-${n}`;
              const res = await fetch(`${BASE}/households/${h}/move-on`, {
                method: "POST",
                redirect: "manual",
                headers: { cookie, origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
                body: new URLSearchParams({
                  pathway: "social_housing",
                  "target-day": "31",
                  "target-month": "3",
                  "target-year": "2027",
                  next_action: token,
                  owner: String(owner),
                }),
              });
              status = res.status;
              await res.arrayBuffer();
              if (status === 302 || status === 303) acknowledged.push(token);
              else refused++;
            } else {
              const path =
                roll < 5
                  ? "/"
                  : roll < 7
                    ? "/households?q=a"
                    : roll < 8
                      ? `/households/${h}`
                      : roll < 9
                        ? `/households/${h}/find-unit?start-day=23&start-month=11&start-year=2026&nights=14`
                        : "/reports/statutory";
              kind = `read: ${path.replace(/\d+/g, ":id").split("?")[0]}`;
              const res = await fetch(`${BASE}${path}`, { headers: { cookie } });
              status = res.status;
              await res.arrayBuffer();
            }
          } catch {
            status = 0;
          }
          note(kind, performance.now() - t, status);
        }
      }),
    );
    const saved = new Set(
      (
        await q(
          url,
          "SELECT after->>'next_action' AS t FROM audit_events WHERE entity = 'move_on_plan' AND after->>'next_action' LIKE 'load-%'",
        )
      ).map((r) => r.t),
    );
    const lost = acknowledged.filter((t) => !saved.has(t)).length;
    let total = 0,
      errors = 0,
      fivehundreds = 0;
    console.log(`\nLoad: ${CLIENTS} signed-in clients for ${SECONDS} s against ${BASE}`);
    console.log("kind                              | requests | errors | 500s | p50 ms | p95 ms | p99 ms");
    for (const [kind, s] of [...stats].sort()) {
      total += s.ms.length;
      errors += s.errors;
      fivehundreds += s.fivehundreds;
      console.log(
        `${kind.padEnd(34)}| ${String(s.ms.length).padStart(8)} | ${String(s.errors).padStart(6)} | ${String(s.fivehundreds).padStart(4)} | ${pct(s.ms, 0.5).toFixed(0).padStart(6)} | ${pct(s.ms, 0.95).toFixed(0).padStart(6)} | ${pct(s.ms, 0.99).toFixed(0).padStart(6)}`,
      );
    }
    console.log(`${total} requests (${(total / SECONDS).toFixed(0)} a second), ${errors} errors, ${fivehundreds} answered 500 or worse`);
    console.log(
      `writes acknowledged: ${acknowledged.length}, refused: ${refused}, acknowledged but missing from the audit trail (lost): ${lost}`,
    );
    process.exitCode = lost === 0 && fivehundreds === 0 ? 0 : 1;
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
