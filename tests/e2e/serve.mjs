// Starts the built app for browser tests on a fresh PostgreSQL database holding
// the demo council as it stood on a fixed day, with the test clock enabled.
import { spawn, spawnSync } from "node:child_process";
import pg from "pg";

const admin = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
// E2E_DB lets two checkouts run browser tests at once on one server.
const name = process.env.E2E_DB ?? "waypoint_e2e";
if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`E2E_DB must be a plain database name, not ${name}`);
const url = new URL(admin);
url.pathname = `/${name}`;

const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await client.query(`CREATE DATABASE ${name}`);
await client.end();

const env = {
  ...process.env,
  DATABASE_URL: url.toString(),
  WAYPOINT_DEMO: "1",
  WAYPOINT_TEST_CLOCK: "1",
  WAYPOINT_TODAY: "2026-11-23",
  NODE_ENV: "production",
};
const load = spawnSync(process.execPath, ["app/cli/waypoint.mjs", "demo", "--today", "2026-11-23"], { env, stdio: "inherit" });
if (load.status !== 0) process.exit(load.status ?? 1);

const server = spawn(process.execPath, ["app/cli/serve.mjs", "./build/index.js"], { env, stdio: "inherit" });
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => server.kill(s));
server.on("exit", (code) => process.exit(code ?? 0));
