/**
 * Reports read from a read-only copy of the database (issue 23, item 3; ADR 0029), tested
 * against a real PostgreSQL streaming replica that this test makes on this machine: a fresh
 * primary in a temporary folder (initdb, wal_level=replica), a small demo council loaded into
 * it, a standby taken from it with pg_basebackup -R, both on free ports, and the app started
 * with DATABASE_URL on the primary and READ_DATABASE_URL on the standby. The server at 5432 is
 * not touched. Both servers are stopped, and the folder deleted, whatever happens.
 *
 * The copy's replay is paused (pg_wal_replay_pause) to hold it behind: a change made on the
 * primary then does not show on the report, and the page says the copy is behind; resumed,
 * the report catches up and says it is up to date.
 */
import { test, expect } from "@playwright/test";
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { signInOverHttp, startApp, type App } from "./support/own-server";
import { expectAccessible } from "./helpers";

const PORT = Number(process.env.E2E_PORT ?? 3210) + 71;
const NIGHT = "2026-11-22";
const STATUTORY = `/reports/statutory?asOf=${NIGHT}`;

/** The newest PostgreSQL on the machine with the server tools (they are not on the PATH). */
function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const found = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!found.length) throw new Error(`no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) under ${root}`);
  return path.join(root, found[0], "bin");
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let dir = "";
let bin = "";
let primaryPort = 0;
let standbyPort = 0;
let app: App | undefined;
const started: string[] = [];

/** PostgreSQL refuses to run as root: as root (CI, the test runner) the tools run as the postgres user. */
function asPostgres(tool: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  return execFileSync(cmd, argv, { stdio: "pipe", timeout: 60_000, encoding: "utf8" });
}

const urlOf = (port: number, db = "waypoint") => `postgres://postgres@127.0.0.1:${port}/${db}`;

async function query<T = Record<string, unknown>>(port: number, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: urlOf(port) });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

function stopEverything() {
  for (const data of started.splice(0).reverse()) {
    try {
      asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already stopped
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
}
// Even if the test process is ended half way, no server is left running.
process.once("exit", stopEverything);

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  bin = pgBin();
  [primaryPort, standbyPort] = [await freePort(), await freePort()];
  dir = mkdtempSync(path.join(tmpdir(), "waypoint-replica-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const primary = path.join(dir, "primary");
  const standby = path.join(dir, "standby");
  asPostgres("initdb", ["-D", primary, "-U", "postgres", "-A", "trust", "-N"]);
  appendFileSync(
    path.join(primary, "postgresql.conf"),
    [
      `port = ${primaryPort}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      "wal_level = replica",
      "max_wal_senders = 4",
      "hot_standby = on",
      // A throwaway server: nothing to keep safe from a crash.
      "fsync = off",
      "",
    ].join("\n"),
  );
  appendFileSync(path.join(primary, "pg_hba.conf"), "host replication postgres 127.0.0.1/32 trust\n");
  asPostgres("pg_ctl", ["-D", primary, "-l", path.join(dir, "primary.log"), "-w", "-t", "30", "start"]);
  started.push(primary);
  const c = new pg.Client({ connectionString: urlOf(primaryPort, "postgres") });
  await c.connect();
  await c.query("CREATE DATABASE waypoint");
  await c.end();
  const load = spawnSync(process.execPath, ["app/cli/waypoint.mjs", "demo", "--households", "5", "--years", "1", "--today", "2026-11-23"], {
    env: { ...process.env, DATABASE_URL: urlOf(primaryPort) },
    encoding: "utf8",
  });
  if (load.status !== 0) throw new Error(`demo load failed: ${load.stderr}`);
  // The standby: a copy of the primary's files that streams and replays its changes (-R writes standby.signal and the connection).
  asPostgres("pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(primaryPort),
    "-U",
    "postgres",
    "-D",
    standby,
    "-R",
    "-X",
    "stream",
    "-c",
    "fast",
  ]);
  appendFileSync(path.join(standby, "postgresql.auto.conf"), `port = ${standbyPort}\n`);
  asPostgres("pg_ctl", ["-D", standby, "-l", path.join(dir, "standby.log"), "-w", "-t", "30", "start"]);
  started.push(standby);
  expect((await query<{ r: boolean }>(standbyPort, "SELECT pg_is_in_recovery() AS r"))[0].r).toBe(true);
  app = await startApp({
    databaseUrl: urlOf(primaryPort),
    port: PORT,
    env: { READ_DATABASE_URL: urlOf(standbyPort), WAYPOINT_WORKERS: "1" },
  });
});

test.afterAll(async () => {
  if (app) {
    app.process.kill("SIGTERM");
    await new Promise((r) => app!.process.once("exit", r));
    app = undefined;
  }
  stopEverything();
});

/** The report as an officer's browser gets it: the TA1 total, and what the page says about the copy. */
async function statutory(cookie: string, path = STATUTORY) {
  const res = await fetch(`${app!.base}${path}`, { headers: { cookie }, redirect: "manual" });
  expect(res.status).toBe(200);
  const html = await res.text();
  const total = /data-line="total"[^>]*>(?:<a [^>]*>)?([\d,]+)/.exec(html)?.[1];
  const notice = /<div class="govuk-inset-text" data-read-copy="([a-z-]+)">([^<]*)<\/div>/.exec(html);
  return { total: Number(total?.replace(/,/g, "")), copy: notice?.[1] ?? null, says: notice?.[2] ?? null, html };
}

/** Households in TA on the night, counted on one server directly (one row per household, as TA1 counts). */
const inTaOn = async (port: number) =>
  Number(
    (
      await query<{ n: number }>(
        port,
        `SELECT count(DISTINCT household_id) AS n FROM placements
         WHERE cancelled_at IS NULL AND start_date <= '${NIGHT}' AND (end_date IS NULL OR end_date > '${NIGHT}')`,
      )
    )[0].n,
  );

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v).slice(0, 300)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A current placement on the night, cancelled (or put back) on the primary: the TA1 total moves by one. */
async function setCancelled(id: number, cancelled: boolean) {
  await query(
    primaryPort,
    cancelled
      ? `UPDATE placements SET cancelled_at = now(), cancel_reason = 'Replica test' WHERE id = ${id}`
      : `UPDATE placements SET cancelled_at = NULL, cancel_reason = NULL WHERE id = ${id}`,
  );
}
const currentPlacement = async () =>
  (
    await query<{ id: number }>(
      primaryPort,
      `SELECT id FROM placements WHERE cancelled_at IS NULL AND start_date <= '${NIGHT}' AND (end_date IS NULL OR end_date > '${NIGHT}')
       ORDER BY id LIMIT 1`,
    )
  )[0].id;

/** Waits until the standby has received (not necessarily replayed) everything the primary has written. */
async function received() {
  const [{ lsn }] = await query<{ lsn: string }>(primaryPort, "SELECT pg_current_wal_lsn()::text AS lsn");
  await until(
    "the standby receiving the change",
    async () => (await query<{ ok: boolean }>(standbyPort, `SELECT pg_last_wal_receive_lsn() >= '${lsn}'::pg_lsn AS ok`))[0].ok,
    (ok) => ok,
  );
}

/** Holds the copy behind: its replay stops (once the pause has taken effect) while it still receives the primary's changes. */
async function pauseReplay() {
  await query(standbyPort, "SELECT pg_wal_replay_pause()");
  await until(
    "replay pausing",
    async () => (await query<{ s: string }>(standbyPort, "SELECT pg_get_wal_replay_pause_state() AS s"))[0].s,
    (s) => s === "paused",
  );
}

test("a report page shows the copy's figures and says the copy is up to date", async ({ page }) => {
  const cookie = await signInOverHttp(app!.base, "manager");
  const r = await until(
    "the report",
    () => statutory(cookie),
    (v) => v.copy === "up-to-date",
  );
  expect(r.total).toBe(await inTaOn(standbyPort));
  expect(r.total).toBeGreaterThan(0);
  expect(r.says).toMatch(/^Figures read from a copy of the database that is up to date with the live one \(at \d\d:\d\d:\d\d\)\.$/);
  // The page in a browser: the notice is GOV.UK inset text, and the page stays accessible.
  const [name, value] = cookie.split("=");
  await page.context().addCookies([{ name, value, url: app!.base }]);
  await page.goto(`${app!.base}${STATUTORY}`);
  await expect(page.locator(".govuk-inset-text")).toContainText("Figures read from a copy of the database");
  await expectAccessible(page);
  // Pages that are not reports read the live database, and say nothing about a copy.
  const today = await (await fetch(`${app!.base}/`, { headers: { cookie } })).text();
  expect(today).not.toContain("Figures read from a copy");
});

test("a change on the live database shows on the report once the copy has replayed it", async () => {
  const cookie = await signInOverHttp(app!.base, "manager");
  const before = (await statutory(cookie)).total;
  await setCancelled(await currentPlacement(), true);
  const after = await until(
    "the report catching up",
    () => statutory(cookie),
    (v) => v.total === before - 1 && v.copy === "up-to-date",
  );
  expect(after.total).toBe(await inTaOn(primaryPort));
});

test("with the copy's replay paused, a change does not show, the page says the copy is behind, and it catches up when resumed", async () => {
  const cookie = await signInOverHttp(app!.base, "manager");
  const before = await statutory(cookie);
  const id = await currentPlacement();
  await pauseReplay();
  await setCancelled(id, true);
  await received();
  expect(await inTaOn(primaryPort)).toBe(before.total - 1);
  const held = await statutory(cookie);
  // The live database has one household fewer; the report, read from the copy, does not.
  expect(held.total).toBe(before.total);
  expect(held.copy).toBe("behind");
  expect(held.says).toMatch(
    /^Figures read from a copy of the database (less than a second|\d+ seconds?|\d+ minutes?) behind the live one \(as it was at \d\d:\d\d:\d\d\)\. Updates to the copy are paused\.$/,
  );
  expect(held.says).not.toContain("up to date");
  // Served again (a kept result, at the copy's version), it is still the copy's figure.
  expect((await statutory(cookie)).total).toBe(before.total);
  // The CSV download reads the copy too.
  const csv = await (await fetch(`${app!.base}/reports/csv/ta1-page.csv?asOf=${NIGHT}`, { headers: { cookie } })).text();
  expect(csv).toMatch(new RegExp(`(^|\\n)total,${before.total}\\r?(\\n|$)`));

  await query(standbyPort, "SELECT pg_wal_replay_resume()");
  const caughtUp = await until(
    "the report catching up",
    () => statutory(cookie),
    (v) => v.total === before.total - 1 && v.copy === "up-to-date",
  );
  expect(caughtUp.says).toContain("up to date with the live one");
  await setCancelled(id, false);
});

test("a return marked as filed shows at once, read from the live database, while the copy is behind", async () => {
  const cookie = await signInOverHttp(app!.base, "manager");
  await pauseReplay();
  try {
    const filed = await fetch(`${app!.base}/reports/statutory`, {
      method: "POST",
      headers: { cookie, origin: app!.base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ asOf: NIGHT }),
      redirect: "manual",
    });
    expect(filed.status).toBe(302);
    const to = filed.headers.get("location")!;
    expect(to).toBe(`/reports/statutory?asOf=${NIGHT}&filed=1#filing`);
    const after = await statutory(cookie, to.replace(/#.*/, ""));
    expect(after.html).toContain("Marked as filed on");
    expect(after.copy).toBeNull();
    // Read from the copy, held behind, the filing is not there yet.
    await received();
    const copy = await statutory(cookie);
    expect(copy.copy).toBe("behind");
    expect(copy.html).not.toContain("Marked as filed on");
  } finally {
    await query(standbyPort, "SELECT pg_wal_replay_resume()");
  }
  await until(
    "the copy catching up",
    () => statutory(cookie),
    (v) => v.html.includes("Marked as filed on") && v.copy === "up-to-date",
  );
});

test("a read-only copy without DATABASE_URL stops the server at start with a clear message", () => {
  const run = spawnSync(process.execPath, ["app/cli/serve.mjs", "build/index.js"], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      READ_DATABASE_URL: urlOf(standbyPort),
      WAYPOINT_DATA_DIR: path.join(dir, "embedded"),
      PORT: String(PORT + 1),
      NODE_ENV: "production",
    },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("Waypoint cannot start: bad configuration");
  expect(run.stderr).toContain("READ_DATABASE_URL: a read-only copy needs DATABASE_URL");
});
