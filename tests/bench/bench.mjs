#!/usr/bin/env node
// The benchmark: `npm run bench [-- --size large|national|H:Y[,...]] [--runs N] [--fresh]`.
// Against the local PostgreSQL it loads the small data set (1,000 households in TA) and
// the chosen ones (default large: 10,000 households in TA, 10 years of history), starts
// the production server on each (a worker per core), signs in, and requests every main
// page warm, many times. It prints per page the median and 95th percentile time (HTTP on
// loopback, so server time plus a fraction of a millisecond), each as a ratio to the same
// page at the small size, to PostgreSQL's own time for `SELECT count(*) FROM placements`
// on the same database (one pass over history) and to the framework floor (a signed-in
// page that reads no data, timed in the same run); every page that keeps its results is
// also timed computed afresh after a change. Then 50 concurrent clients on the today page
// and household search, 50 officers, and 50 officers on Today with a write every 5 s,
// the clients in a process of their own (tests/bench/crowd.mjs) while this one measures;
// and the peak memory of each of the server's workers. It ends with a table of issue 23's
// targets. The output is also written to tests/bench/last-run.txt. Data sets are kept
// between runs (databases waypoint_bench_*) unless --fresh is given. Targets are checked
// as ratios, because these machines are noisy; nothing here is a timed test.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "large" },
    runs: { type: "string", default: "20" },
    fresh: { type: "boolean", default: false },
    out: { type: "string", default: "tests/bench/last-run.txt" },
  },
});
const SIZES = { small: [1000, 10], large: [10000, 10], national: [130000, 8] };
const TODAY = "2026-11-23";
const RUNS = Number(args.runs);
const ADMIN = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PASSWORD = "waypoint-demo-2026";
const ADMIN_USER = "admin@demo.waypoint.test";

function sizeOf(name) {
  // WAYPOINT_BENCH_NATIONAL=H:Y stands a small data set in for the national one: for trying
  // the national size's code path (its targets) on a machine or in a time that cannot load it.
  const stand = name === "national" && /^\d+:\d+$/.test(process.env.WAYPOINT_BENCH_NATIONAL ?? "");
  if (stand) {
    const [households, years] = process.env.WAYPOINT_BENCH_NATIONAL.split(":").map(Number);
    return { name, households, years };
  }
  if (SIZES[name]) return { name, households: SIZES[name][0], years: SIZES[name][1] };
  const m = /^(\d+):(\d+)$/.exec(name);
  if (!m) throw new Error(`--size must be small, large, national or HOUSEHOLDS:YEARS, not ${name}`);
  return { name, households: Number(m[1]), years: Number(m[2]) };
}

function dbUrl(name) {
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

async function query(url, text, params = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

/**
 * VACUUM and ANALYZE, as autovacuum would in time on a council's database: the bulk load
 * leaves a dead row behind for every placement and episode (their facts are filled in
 * after the insert), and index-only scans need the visibility map.
 */
async function vacuum(url) {
  const t0 = Date.now();
  await query(url, "VACUUM (ANALYZE)");
  console.log(`Vacuumed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Applies any newer migrations to a kept data set; the seconds it took, or null if none were new. */
function migrate(url) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["app/cli/waypoint.mjs", "migrate"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`migrate failed: ${r.stderr}`);
  const applied = /Applied: (.*)/.exec(r.stdout)?.[1];
  if (!applied) return null;
  spawnSync("psql", [url, "-qc", "ANALYZE"]);
  console.log(`Applied ${applied} to the kept data set in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return (Date.now() - t0) / 1000;
}

/** The data set in its own database, generated once and kept (the key names size and seed). */
async function ensureDataset(size) {
  const name = `waypoint_bench_${size.households}_${size.years}`;
  // The key names the size and the generator that made the data: a data set made by an
  // older generator is made again. Newer migrations are applied to a kept data set, as
  // they would be to a council's database (and their backfill is timed).
  const code = createHash("sha1");
  for (const f of readdirSync("app/demo").sort()) code.update(readFileSync(`app/demo/${f}`));
  const key = `${size.households}:${size.years}:${TODAY}:${code.digest("hex").slice(0, 12)}`;
  const exists = (await query(ADMIN, "SELECT 1 FROM pg_database WHERE datname = $1", [name])).length > 0;
  if (exists && !args.fresh) {
    const rows = await query(dbUrl(name), "SELECT value #>> '{}' AS v FROM settings WHERE key = 'bench_dataset'").catch(() => []);
    if (rows[0]?.v === key) {
      const migrateSeconds = migrate(dbUrl(name));
      const vacuumed = await query(
        dbUrl(name),
        "SELECT last_vacuum IS NOT NULL OR last_autovacuum IS NOT NULL AS done FROM pg_stat_user_tables WHERE relname = 'placements'",
      );
      if (!vacuumed[0]?.done) await vacuum(dbUrl(name));
      return { name, url: dbUrl(name), loadSeconds: null, migrateSeconds };
    }
  }
  await query(ADMIN, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await query(ADMIN, `CREATE DATABASE ${name}`);
  const url = dbUrl(name);
  console.log(`Loading ${size.households} households in TA over ${size.years} years into ${name}...`);
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    ["app/cli/waypoint.mjs", "generate", "--households", String(size.households), "--years", String(size.years), "--today", TODAY],
    { env: { ...process.env, DATABASE_URL: url }, stdio: "inherit" },
  );
  if (r.status !== 0) throw new Error("generate failed");
  await vacuum(url);
  await query(
    url,
    "INSERT INTO settings (key, value) VALUES ('bench_dataset', to_jsonb($1::text)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [key],
  );
  return { name, url, loadSeconds: (Date.now() - t0) / 1000 };
}

async function startServer(url, port) {
  // The heap limit `npm start` and `npm run serve` give the server (README, Configuration).
  const child = spawn(process.execPath, ["--max-old-space-size=256", "app/cli/serve.mjs", "build/index.js"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      NODE_ENV: "production",
      WAYPOINT_TODAY: TODAY,
      WAYPOINT_ACCESS_LOG: "0",
      WAYPOINT_DEMO: "0",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("server did not start");
}

async function signIn(base) {
  const res = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: ADMIN_USER, password: PASSWORD, returnTo: "/" }),
  });
  if (res.status !== 302) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.get("set-cookie").split(";")[0];
}

/** Real ids and values for the page addresses, read from the data set. */
async function fixtures(url) {
  const one = async (text) => (await query(url, text).catch(() => [{}]))[0] ?? {};
  const h = await one(
    `SELECT p.household_id AS id FROM placements p WHERE p.end_date IS NULL AND p.cancelled_at IS NULL ORDER BY p.id DESC LIMIT 1`,
  );
  const name = await one(
    `SELECT split_part(name, ' ', 2) AS surname FROM household_members WHERE relationship = 'lead' ORDER BY id LIMIT 1`,
  );
  const invoice = await one(`SELECT id FROM invoices ORDER BY id LIMIT 1`);
  const trial = await one(`SELECT id FROM trials ORDER BY id LIMIT 1`);
  const scenario = await one(`SELECT id FROM forecast_scenarios ORDER BY id LIMIT 1`);
  // The move-on plan's owner in the write every 5 s: the demo officer, or else the administrator.
  const owner = await one(
    `SELECT id FROM users WHERE email IN ('officer@demo.waypoint.test', '${ADMIN_USER}') ORDER BY email = '${ADMIN_USER}' LIMIT 1`,
  );
  return {
    household: h.id,
    surname: name.surname ?? "Smith",
    invoice: invoice.id,
    trial: trial.id,
    scenario: scenario.id,
    owner: owner.id,
  };
}

const yearAgo = "2025-11-24";
const tenYearsAgo = "2016-11-24";
/**
 * Every main page and report. kind: page | ten-year | export | floor. kept: the page keeps
 * its results until data changes (ADR 0017), so it is also timed computed afresh. The
 * floor is the framework's own cost: a signed-in page that reads the session and the
 * layout's council name and renders a fixed list (the reports index), timed in the same
 * run; every page is also given as a ratio to it.
 */
const FLOOR = "framework floor";
const PAGES = [
  { name: FLOOR, kind: "floor", path: () => "/reports" },
  { name: "today", kept: true, kind: "page", path: () => "/" },
  { name: "household search", kind: "page", path: (f) => `/households?q=${encodeURIComponent(f.surname)}` },
  { name: "household page", kind: "page", path: (f) => `/households/${f.household}` },
  {
    name: "find a unit",
    kind: "page",
    path: (f) => `/households/${f.household}/find-unit?start-day=23&start-month=11&start-year=2026&nights=28`,
  },
  { name: "occupancy, a year", kept: true, kind: "page", path: () => `/reports/occupancy?from=${yearAgo}&to=${TODAY}` },
  { name: "occupancy, ten years", kept: true, kind: "ten-year", path: () => `/reports/occupancy?from=${tenYearsAgo}&to=${TODAY}` },
  { name: "length of stay", kept: true, kind: "page", path: () => `/reports/length-of-stay?asOf=${TODAY}` },
  { name: "flow", kept: true, kind: "page", path: () => `/reports/flow?from=${yearAgo}&to=${TODAY}` },
  { name: "TA1", kept: true, kind: "page", path: () => `/reports/statutory?asOf=2026-09-30` },
  { name: "spend", kept: true, kind: "page", path: () => `/money` },
  { name: "invoice check", kept: true, kind: "page", path: (f) => (f.invoice ? `/money/invoices/${f.invoice}` : null) },
  { name: "trial comparison", kept: true, kind: "page", path: (f) => (f.trial ? `/trials/${f.trial}` : null) },
  { name: "placements export", kind: "export", path: () => `/exports/placements.csv` },
  // Kept pages added in issue 23 (item 4), after the export so the lines above keep their order.
  { name: "invoices", kept: true, kind: "page", path: () => `/money/invoices` },
  { name: "rates vs market", kept: true, kind: "page", path: () => `/money/rates/market` },
  { name: "data quality", kept: true, kind: "page", path: () => `/reports/data-quality` },
  { name: "households behind", kept: true, kind: "page", path: () => `/reports/households?asOf=${TODAY}` },
  { name: "forecast", kept: true, kind: "page", path: () => `/reports/forecast` },
  { name: "scenario", kept: true, kind: "page", path: (f) => (f.scenario ? `/reports/scenarios/${f.scenario}` : null) },
];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};

async function timeGet(base, path, cookie) {
  const t = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status };
}

/**
 * A change to data, as an officer's would be: one no-op update of the placement of one
 * household in TA tonight, committed. The data version moves on, so the next request for a
 * kept page computes it afresh (ADR 0017), and what is kept on write for that household is
 * computed again (ADR 0039, 0044, 0059). (Before 2026-12-07: a no-op update of a setting,
 * which no figure reads.)
 */
async function changeData(client) {
  await client.query(
    `UPDATE placements SET duty = duty WHERE id = (SELECT placement_id FROM households_in_ta('${TODAY}') ORDER BY household_id LIMIT 1)`,
  );
}

async function measurePages(base, cookie, f, url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await measurePagesWith(base, cookie, f, client);
  } finally {
    await client.end();
  }
}

async function measurePagesWith(base, cookie, f, client) {
  const out = {};
  for (const page of PAGES) {
    const path = page.path(f);
    if (!path) {
      out[page.name] = { skipped: "no data for it" };
      continue;
    }
    const first = await timeGet(base, path, cookie);
    if (first.status !== 200) {
      out[page.name] = { skipped: `HTTP ${first.status} for ${path}` };
      continue;
    }
    for (let i = 0; i < 2; i++) await timeGet(base, path, cookie);
    const runs = page.kind === "export" ? Math.max(3, Math.floor(RUNS / 4)) : RUNS;
    const ms = [];
    for (let i = 0; i < runs; i++) ms.push((await timeGet(base, path, cookie)).ms);
    out[page.name] = { median: pct(ms, 0.5), p95: pct(ms, 0.95), path };
    if (page.kept) {
      // The same page computed afresh: after a change, as an officer's next request is.
      // At least 3 times; no more once a minute has gone (the forecast computed afresh
      // takes many seconds at large size).
      const cold = [];
      const started = performance.now();
      for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
        if (i >= 3 && performance.now() - started > 60_000) break;
        await changeData(client);
        cold.push((await timeGet(base, path, cookie)).ms);
      }
      out[page.name].cold = { median: pct(cold, 0.5), p95: pct(cold, 0.95) };
    }
  }
  return out;
}

async function countPass(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("SELECT count(*) FROM placements");
  const ms = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await c.query("SELECT count(*) FROM placements");
    ms.push(performance.now() - t);
  }
  await c.end();
  return pct(ms, 0.5);
}

/**
 * `clients` clients asking for one page for about `seconds` s, from their own process
 * (tests/bench/crowd.mjs), so their CPU is not this process's. While they do, this
 * process measures the same page as one more client (a probe: one request, then a 100 ms
 * pause, and again), and the probe's times are the figures the targets use; the crowd's
 * own view of its answers is kept beside them. With `write`, the crowd's process saves a
 * move-on plan through the app every `write.everyMs` ms.
 */
async function crowd(base, path, cookie, { clients = 50, seconds = 20, meanPauseMs = 0, write = null } = {}) {
  const child = spawn(
    process.execPath,
    ["tests/bench/crowd.mjs", JSON.stringify({ base, path, cookie, clients, seconds, meanPauseMs, write })],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  let done = false;
  const exited = new Promise((resolve) => child.on("exit", (code) => ((done = true), resolve(code))));
  const ms = [];
  let errors = 0;
  // The crowd's process starts in a fraction of a second; the probe starts when it has.
  await new Promise((r) => setTimeout(r, 500));
  while (!done) {
    try {
      const r = await timeGet(base, path, cookie);
      if (r.status !== 200) errors++;
      ms.push(r.ms);
    } catch {
      errors++;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const code = await exited;
  if (code !== 0) throw new Error(`the crowd's process stopped with code ${code}`);
  const theirs = JSON.parse(out.trim().split("\n").pop());
  return {
    p95: pct(ms, 0.95),
    median: pct(ms, 0.5),
    probes: ms.length,
    perSecond: theirs.perSecond,
    errors: errors + theirs.errors + (theirs.writeErrors ?? 0),
    crowd: theirs,
    changes: theirs.writes,
  };
}

/** Peak resident memory (VmHWM) of a process, in MB; null once it has gone. */
function peakMemoryMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return null;
  }
}

/** The processes whose parent is `pid` (the server's workers). */
function childrenOf(pid) {
  const kids = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${d}/status`, "utf8"))?.[1];
      if (Number(ppid) === pid) kids.push(Number(d));
    } catch {
      // gone
    }
  }
  return kids;
}

/**
 * Watches the server's memory while it runs: the primary's peak and each worker's (a
 * worker replaced after dying is a worker of its own). VmHWM only grows, so the last
 * reading of a process is its peak.
 */
function watchMemory(primary) {
  const peaks = new Map();
  const read = () => {
    for (const pid of childrenOf(primary)) {
      const mb = peakMemoryMb(pid);
      if (mb !== null) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, mb));
    }
  };
  read();
  const timer = setInterval(read, 1000);
  return () => {
    clearInterval(timer);
    read();
    return { primary: peakMemoryMb(primary), workers: [...peaks].map(([pid, mb]) => ({ pid, mb })) };
  };
}

async function benchOne(size, port) {
  const ds = await ensureDataset(size);
  const counts = (
    await query(
      ds.url,
      "SELECT (SELECT count(*) FROM households) AS households, (SELECT count(*) FROM placements) AS placements, (SELECT count(*) FROM placements WHERE end_date IS NULL AND cancelled_at IS NULL) AS open",
    )
  )[0];
  const server = await startServer(ds.url, port);
  const memory = watchMemory(server.child.pid);
  try {
    const cookie = await signIn(server.base);
    const f = await fixtures(ds.url);
    const pages = await measurePages(server.base, cookie, f, ds.url);
    const pass = await countPass(ds.url);
    const single = { today: pages["today"], search: pages["household search"] };
    const search = PAGES.find((p) => p.name === "household search").path(f);
    const crowdToday = await crowd(server.base, "/", cookie);
    const crowdSearch = await crowd(server.base, search, cookie);
    const officersToday = await crowd(server.base, "/", cookie, { meanPauseMs: 1000 });
    const officersSearch = await crowd(server.base, search, cookie, { meanPauseMs: 1000 });
    const officersTodayChanging = await crowd(server.base, "/", cookie, {
      meanPauseMs: 1000,
      write: { everyMs: 5000, household: f.household, owner: f.owner },
    });
    const mem = memory();
    return {
      size,
      ds,
      counts,
      pages,
      pass,
      single,
      crowdToday,
      crowdSearch,
      officersToday,
      officersSearch,
      officersTodayChanging,
      memory: mem.workers.length ? Math.max(...mem.workers.map((w) => w.mb)) : mem.primary,
      primaryMemory: mem.primary,
      workerMemory: mem.workers,
    };
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.on("exit", r));
  }
}

const fmt = (n, d = 1) => (n === undefined || n === null || Number.isNaN(n) ? "-" : n.toFixed(d));

/** The figures a page costs computed afresh: a kept page's after a change; any other page is computed every time. */
const afresh = (r, page) => (page.kept ? r.pages[page.name]?.cold : r.pages[page.name]);
const TARGET_PAGES = PAGES.filter((p) => p.kind === "page" || p.kind === "ten-year");

/** The lines for one size against the small one (the tables as before issue 23, with the ratios to the framework floor added). */
function sizeBlock(small, big, say, missed, coldMissed, named) {
  // With more than one size against the small one, each miss names its size.
  const miss = (m) => missed.push(named ? `${m} (${big.size.name})` : m);
  const coldMiss = (m) => coldMissed.push(named ? `${m} (${big.size.name})` : m);
  const floorS = small.pages[FLOOR];
  const floorB = big.pages[FLOOR];
  const vsFloor = (x) => (floorB?.median ? `${fmt(x.median / floorB.median, 1)} / ${fmt(x.p95 / floorB.p95, 1)}` : "-");
  const header = () => {
    say(
      `Page                    | small median/p95 ms | ${big.size.name} median/p95 ms | x small (p95) | x count(*) (median) | x floor (median/p95) | target`,
    );
    say(
      `------------------------|---------------------|${"-".repeat(big.size.name.length + 16)}|---------------|---------------------|----------------------|-------`,
    );
  };
  const row = (page, s, b, target) =>
    say(
      `${page.name.padEnd(24)}| ${`${fmt(s.median)} / ${fmt(s.p95)}`.padEnd(20)}| ${`${fmt(b.median)} / ${fmt(b.p95)}`.padEnd(big.size.name.length + 15)}| ${fmt(b.p95 / s.p95, 2).padEnd(14)}| ${fmt(b.median / big.pass, 2).padEnd(20)}| ${vsFloor(b).padEnd(21)}| ${target}`,
    );
  const check = (page, s, b) => {
    const okSmall = b.p95 / s.p95 <= 2;
    const vsPass = b.median / big.pass;
    const okPass = page.kind === "ten-year" ? vsPass <= 2 : vsPass <= 1;
    const target =
      okSmall && okPass
        ? "met"
        : `MISSED (${[!okSmall && "2x small", !okPass && (page.kind === "ten-year" ? "2x count" : "1x count")].filter(Boolean).join(", ")})`;
    return { ok: okSmall && okPass, target };
  };
  say(
    `Framework floor (${PAGES[0].path()}: signed in, the layout, no data): small ${fmt(floorS?.median)} / ${fmt(floorS?.p95)} ms, ${big.size.name} ${fmt(floorB?.median)} / ${fmt(floorB?.p95)} ms (median / p95)`,
  );
  say("Every page warm; the pages that keep results (ADR 0017) served from them:");
  header();
  for (const page of PAGES) {
    const s = small.pages[page.name];
    const b = big.pages[page.name];
    if (!b || b.skipped || !s || s.skipped) {
      say(`${page.name.padEnd(24)}| skipped: ${b?.skipped ?? s?.skipped ?? "?"}`);
      continue;
    }
    let target = "-";
    if (page.kind === "page" || page.kind === "ten-year") {
      const c = check(page, s, b);
      target = c.target;
      if (!c.ok) miss(page.name);
    }
    row(page, s, b, target);
  }
  say();
  say("Kept pages computed afresh (the first request after any change to data, ADR 0017):");
  header();
  for (const page of PAGES.filter((p) => p.kept)) {
    const s = small.pages[page.name]?.cold;
    const b = big.pages[page.name]?.cold;
    if (!s || !b) continue;
    const c = check(page, s, b);
    if (!c.ok) coldMiss(page.name);
    row(page, s, b, c.target);
  }
  say();
  for (const [label, crowd, single] of [
    ["today", big.crowdToday, big.single.today],
    ["household search", big.crowdSearch, big.single.search],
  ]) {
    const ratio = crowd.p95 / single.p95;
    const ok = ratio <= 4 && crowd.errors === 0;
    if (!ok) miss(`50 clients on ${label}`);
    say(
      `50 concurrent clients, ${label}: ${fmt(crowd.perSecond, 0)} requests/s, p95 ${fmt(crowd.p95)} ms = ${fmt(ratio, 2)}x one client, ${crowd.errors} errors: ${ok ? "met" : "MISSED"} (target 4x, no errors)${crowdNote(crowd)}`,
    );
  }
  for (const [label, crowd, single] of [
    ["today", big.officersToday, big.single.today],
    ["household search", big.officersSearch, big.single.search],
    ["today, with a change to data every 5 s", big.officersTodayChanging, big.single.today],
  ]) {
    say(
      `50 officers (a 1 s pause on average between requests), ${label}: ${fmt(crowd.perSecond, 0)} requests/s, p95 ${fmt(crowd.p95)} ms = ${fmt(crowd.p95 / single.p95, 2)}x one client, ${crowd.errors} errors${crowd.crowd.writes || crowd.crowd.writeErrors ? `, ${crowd.crowd.writes} move-on plans saved` : ""}${crowdNote(crowd)}`,
    );
  }
  const memOk = big.memory < 300;
  if (!memOk) miss("memory");
  say(
    `Server peak memory (${big.size.name}): ${fmt(big.memory, 0)} MB: ${memOk ? "met" : "MISSED"} (target under 300 MB per worker); ${memoryNote(big)}`,
  );
}

const crowdNote = (c) => ` [${c.probes} probes from the measuring process; the crowd's own p95 ${fmt(c.crowd.p95)} ms]`;
const memoryNote = (r) =>
  r.workerMemory.length
    ? `${r.workerMemory.length} workers: ${r.workerMemory.map((w) => `${fmt(w.mb, 0)} MB`).join(", ")}; the primary ${fmt(r.primaryMemory, 0)} MB`
    : `one process serving, no workers`;

/** The worst ratio over the pages with figures, and the pages over `limit`. */
function worst(ratios, limit) {
  const have = ratios.filter((r) => r.ratio !== null && Number.isFinite(r.ratio));
  if (!have.length) return null;
  const top = have.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return { top, over: have.filter((r) => r.ratio > limit), count: have.length };
}

/** The targets of issue 23, each from the sizes in this run; a target whose size was not run says so. */
function targetTable(results, say) {
  const small = results[0];
  const named = (n) => results.find((r) => r.size.name === n && r !== small);
  const biggest = results[results.length - 1];
  const rows = [];
  const describe = (w, unit) =>
    w
      ? `worst ${w.top.name} ${fmt(w.top.ratio, 2)}${unit}; ${w.over.length} of ${w.count} over${w.over.length ? `: ${w.over.map((o) => `${o.name} ${fmt(o.ratio, 1)}`).join(", ")}` : ""}`
      : "no figures";

  // 1. National: every page computed afresh within 2x of one pass over placements (median).
  const passRatios = (r) =>
    TARGET_PAGES.map((p) => ({ name: p.name, ratio: afresh(r, p)?.median != null ? afresh(r, p).median / r.pass : null }));
  {
    const r = named("national");
    const label = "At national size, every page computed afresh within 2x of count(*) over placements (median)";
    if (r) {
      const w = worst(passRatios(r), 2);
      rows.push([label, describe(w, "x"), w && w.over.length === 0 ? "met" : "MISSED"]);
    } else {
      const w = worst(passRatios(biggest), 2);
      rows.push([label, `not run at national size (at ${biggest.size.name}: ${describe(w, "x")})`, "NOT RUN"]);
    }
  }
  // 2. Large: every page computed afresh within 2x of itself at small size (p95).
  const smallRatios = (r) =>
    TARGET_PAGES.map((p) => {
      const b = afresh(r, p);
      const s = afresh(small, p);
      return { name: p.name, ratio: b?.p95 != null && s?.p95 ? b.p95 / s.p95 : null };
    });
  {
    const r = named("large");
    const label = "At large size, every page computed afresh within 2x of itself at small size (p95)";
    if (r) {
      const w = worst(smallRatios(r), 2);
      rows.push([label, describe(w, "x"), w && w.over.length === 0 ? "met" : "MISSED"]);
    } else {
      const w = biggest === small ? null : worst(smallRatios(biggest), 2);
      rows.push([label, `not run at large size${w ? ` (at ${biggest.size.name}: ${describe(w, "x")})` : ""}`, "NOT RUN"]);
    }
  }
  // 3. 50 officers pausing 1 s, a write every 5 s: Today's p95 within 4x of one client, no errors.
  {
    const r = named("large");
    const label = "50 officers pausing 1 s, a write every 5 s: Today's p95 within 4x of one client at large size, 0 errors";
    const of = (x) => {
      const c = x.officersTodayChanging;
      const ratio = c.p95 / x.single.today.p95;
      return {
        text: `${fmt(ratio, 2)}x (${fmt(c.p95)} ms against one client's ${fmt(x.single.today.p95)} ms; ${fmt(c.p95 / x.single.today.cold?.p95, 2)}x one client's computed afresh, ${fmt(x.single.today.cold?.p95)} ms), ${c.errors} errors, ${c.changes} writes`,
        ok: ratio <= 4 && c.errors === 0 && c.changes > 0,
      };
    };
    if (r) {
      const o = of(r);
      rows.push([label, o.text, o.ok ? "met" : "MISSED"]);
    } else {
      rows.push([label, `not run at large size (at ${biggest.size.name}: ${of(biggest).text})`, "NOT RUN"]);
    }
  }
  // 4. Memory under 300 MB per worker, at national size.
  {
    const r = named("national");
    const label = "Peak memory under 300 MB per worker at national size";
    if (r) rows.push([label, `worst ${fmt(r.memory, 0)} MB (${memoryNote(r)})`, r.memory < 300 ? "met" : "MISSED"]);
    else
      rows.push([
        label,
        `not run at national size (at ${biggest.size.name}: worst ${fmt(biggest.memory, 0)} MB, ${memoryNote(biggest)})`,
        "NOT RUN",
      ]);
  }
  say("Targets (issue 23), as ratios in this run:");
  const w = Math.max(...rows.map((x) => x[0].length));
  say(`${"Target".padEnd(w)} | result  | measured`);
  say(`${"-".repeat(w)}-|---------|---------`);
  for (const [label, measured, result] of rows) say(`${label.padEnd(w)} | ${result.padEnd(7)} | ${measured}`);
}

async function main() {
  if (!existsSync("build/index.js") || process.env.WAYPOINT_BENCH_BUILD !== "0") {
    const b = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
    if (b.status !== 0) throw new Error("build failed");
  }
  const chosen = args.size.split(",").map(sizeOf);
  const small = await benchOne(sizeOf("small"), 3401);
  const results = [small];
  for (const [i, size] of chosen.entries()) {
    if (size.name === "small") continue;
    results.push(await benchOne(size, 3402 + i));
  }
  if (results.length === 1) results.push(small);

  const lines = [];
  const say = (s = "") => {
    lines.push(s);
    console.log(s);
  };
  say(`Waypoint benchmark, ${new Date().toISOString()}, ${RUNS} warm requests per page, as on ${TODAY}`);
  for (const r of results.filter((r, i) => results.indexOf(r) === i)) {
    say(
      `  ${r.size.name}: ${r.counts.households} households (${r.counts.open} in TA), ${r.counts.placements} placements; count(*) over placements ${fmt(r.pass, 2)} ms${r.ds.loadSeconds ? `; loaded in ${fmt(r.ds.loadSeconds)} s` : ""}${r.ds.migrateSeconds ? `; newer migrations applied in ${fmt(r.ds.migrateSeconds)} s` : ""}`,
    );
  }
  const misses = [];
  const coldMisses = [];
  for (const big of results.slice(1)) {
    say();
    sizeBlock(small, big, say, misses, coldMisses, results.length > 2);
  }
  say();
  say(misses.length ? `Targets missed: ${misses.join("; ")}` : "Every target met.");
  say(
    coldMisses.length
      ? `Missed when computed afresh after a change: ${coldMisses.join("; ")}`
      : "Every kept page meets its target when computed afresh, too.",
  );
  say();
  targetTable(results, say);
  writeFileSync(args.out, `${lines.join("\n")}\n`);
  console.log(`\nWritten to ${args.out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
