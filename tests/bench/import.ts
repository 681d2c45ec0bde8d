/**
 * Times `waypoint import` on a synthetic set with a large placements file,
 * against a scratch PostgreSQL database this script creates and drops.
 *
 *   npx tsx tests/bench/import.ts [--placements 100000] [--keep]
 *
 * Prints the command's own summary (rows a second), its peak memory (from
 * /usr/bin/time when present, else from the child's resource usage), and the
 * time of a second, unchanged import.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { generateImportSet } from "../support/import-set";

const { values } = parseArgs({ options: { placements: { type: "string", default: "100000" }, keep: { type: "boolean", default: false } } });
const target = Number(values.placements);
const admin = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `waypoint_bench_import_${process.pid}`;
const url = new URL(admin);
url.pathname = `/${name}`;

async function adminQuery(q: string) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

function run(args: string[]): Promise<{ code: number; out: string; seconds: number; maxRssKb: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn("/usr/bin/time", ["-f", "MAXRSS_KB=%M", process.execPath, "app/cli/waypoint.mjs", ...args], {
      env: { ...process.env, DATABASE_URL: url.toString(), WAYPOINT_TODAY: "2026-11-01" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => {
      const m = /MAXRSS_KB=(\d+)/.exec(out);
      resolve({
        code: code ?? -1,
        out: out.replace(/MAXRSS_KB=\d+\n?/, ""),
        seconds: (performance.now() - t0) / 1000,
        maxRssKb: m ? Number(m[1]) : NaN,
      });
    });
  });
}

// about 1.7 placements per household in the generated set
const households = Math.ceil(target / 1.65);
const dir = path.join(tmpdir(), `waypoint-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const t0 = performance.now();
const set = generateImportSet({ households, units: Math.max(200, Math.round(households / 8)), seed: 42, today: "2026-11-01" });
for (const [n, c] of Object.entries(set)) writeFileSync(path.join(dir, n), c);
const lines = (f: string) => set[f as keyof typeof set].split("\r\n").length - 2;
console.log(
  `generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${households} households, ${lines("members.csv")} members, ${lines("units.csv")} units, ${lines("placements.csv")} placements (${(statSync(path.join(dir, "placements.csv")).size / 1024 / 1024).toFixed(1)} MB)`,
);

await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
await adminQuery(`CREATE DATABASE ${name}`);
try {
  const migrate = await run(["migrate"]);
  if (migrate.code !== 0) throw new Error(migrate.out);
  const first = await run(["import", dir]);
  console.log(
    `\nfirst import: exit ${first.code}, ${first.seconds.toFixed(1)} s wall, peak memory ${(first.maxRssKb / 1024).toFixed(0)} MB\n${first.out.trim()}`,
  );
  const second = await run(["import", dir]);
  console.log(
    `\nsame files again: exit ${second.code}, ${second.seconds.toFixed(1)} s wall, peak memory ${(second.maxRssKb / 1024).toFixed(0)} MB\n${second.out.trim().split("\n").slice(-2).join("\n")}`,
  );
  const placementsOnly = path.join(dir, "placements.csv");
  const exp = await run(["export", "placements", "--out", path.join(dir, "exported.csv")]);
  console.log(
    `\nexport placements: exit ${exp.code}, ${exp.seconds.toFixed(1)} s wall, peak memory ${(exp.maxRssKb / 1024).toFixed(0)} MB`,
  );
  void placementsOnly;
} finally {
  if (!values.keep) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  } else console.log(`kept database ${name} and files in ${dir}`);
}
