/**
 * `waypoint import` and `waypoint export`: the data team's side of the
 * spreadsheet import and of the named CSV exports. Published interface: only add.
 *
 * Exit codes: 0 success; 1 the data was refused (every problem listed) or the
 * database failed; 2 the command was used wrongly (unknown export, a flag the
 * export does not take, a path that does not exist).
 */
import { parseArgs } from "node:util";
import { createReadStream, createWriteStream, readdirSync, statSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import type { Writable } from "node:stream";
import type { Database } from "~/lib/db/connect";
import { isIsoDate } from "~/lib/dates";
import { today as todayInLondon } from "~/lib/clock.server";
import type { ImportProblem } from "~/features/import/parse";
import { describeCounts, importFiles } from "~/features/import/import.server";
import { allExports, getExport, recordPersonalExport, type ExportParams } from "~/features/exports.server";

interface Context {
  open(): Promise<Database>;
  usage: string;
}

export function formatProblem(p: ImportProblem): string {
  const where = [p.file, p.row === null ? "whole file" : `row ${p.row}`, p.column ? `column ${p.column}` : null].filter(Boolean).join(", ");
  const value = p.value ? ` (value: "${p.value}")` : "";
  return `${p.severity === "warning" ? "Warning" : "Error"}: ${where}: ${p.message}${value}`;
}

/** The CSV files named on the command line: each folder's .csv files, and files as given. */
function filesFrom(paths: string[]): { name: string; path: string }[] | string {
  const files: { name: string; path: string }[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      return `No such file or folder: ${p}`;
    }
    if (st.isDirectory()) {
      const csvs = readdirSync(p)
        .filter((n) => n.toLowerCase().endsWith(".csv"))
        .sort();
      if (csvs.length === 0) return `The folder ${p} holds no .csv files`;
      for (const n of csvs) files.push({ name: n, path: path.join(p, n) });
    } else {
      files.push({ name: path.basename(p), path: p });
    }
  }
  return files;
}

export async function importCommand(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { "dry-run": { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    console.error(`Name a folder or the CSV files to import.\n\n${ctx.usage}`);
    return 2;
  }
  const files = filesFrom(positionals);
  if (typeof files === "string") {
    console.error(files);
    return 2;
  }
  const today = todayInLondon();
  const database = await ctx.open();
  try {
    const t0 = performance.now();
    // every problem is listed, in file, row and column order, a page at a time
    const result = await importFiles(
      database.db,
      files.map((f) => ({ name: f.name, content: createReadStream(f.path) })),
      {
        today,
        userId: null,
        dryRun: values["dry-run"],
        onProblems: (page) => {
          for (const p of page) console.error(formatProblem(p));
        },
      },
    );
    const rows = result.rows;
    if (!result.ok || !result.counts) {
      console.error(
        `Nothing imported: ${result.errors} ${result.errors === 1 ? "error" : "errors"} and ${result.warnings} ${result.warnings === 1 ? "warning" : "warnings"} in ${rows} rows.`,
      );
      return 1;
    }
    const secs = (performance.now() - t0) / 1000;
    for (const line of describeCounts(result.counts)) console.log(line);
    console.log(`Read and checked in ${result.seconds.checked.toFixed(1)} s, written in ${result.seconds.written.toFixed(1)} s.`);
    console.log(
      `${result.dryRun ? "Dry run: nothing saved. " : "Imported "}${rows} rows from ${result.files.length} ${result.files.length === 1 ? "file" : "files"} in ${secs.toFixed(1)} s (${Math.round(rows / Math.max(secs, 0.001))} rows a second).`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

async function write(out: Writable, chunk: string) {
  if (!out.write(chunk)) await once(out, "drain");
}

export async function exportCommand(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: "string" }, to: { type: "string" }, "as-of": { type: "string" }, out: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const flagsOf = (params: readonly string[]) => params.map((p) => (p === "asOf" ? "--as-of D" : `--${p} D`)).join(" ");
  if (positionals.length === 0) {
    console.log("Exports (waypoint export <name> [flags] [--out file]):");
    for (const e of allExports()) console.log(`  ${`${e.name} ${flagsOf(e.params)}`.trim().padEnd(36)} ${e.description}`);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`Name one export at a time (got ${positionals.join(", ")}).`);
    return 2;
  }
  const name = positionals[0];
  const e = getExport(name);
  if (!e) {
    console.error(
      `There is no export called "${name}". The exports are: ${allExports()
        .map((x) => x.name)
        .join(", ")}`,
    );
    return 2;
  }
  const given = { from: values.from, to: values.to, asOf: values["as-of"] };
  for (const [key, value] of Object.entries(given) as [keyof typeof given, string | undefined][]) {
    if (value === undefined) continue;
    const flag = key === "asOf" ? "--as-of" : `--${key}`;
    if (!e.params.includes(key)) {
      console.error(
        `The ${name} export does not take ${flag}.${e.params.length ? ` It takes: ${flagsOf(e.params)}` : " It takes no dates."}`,
      );
      return 2;
    }
    if (!isIsoDate(value)) {
      console.error(`${flag} must be a real date written YYYY-MM-DD, like 2026-03-31`);
      return 2;
    }
  }
  if (given.from && given.to && given.from > given.to) {
    console.error("--from must be on or before --to");
    return 2;
  }
  const today = todayInLondon();
  const params: ExportParams = {
    today,
    ...(given.from ? { from: given.from } : {}),
    ...(given.to ? { to: given.to } : {}),
    ...(given.asOf ? { asOf: given.asOf } : {}),
  };
  const database = await ctx.open();
  const out: Writable = values.out ? createWriteStream(values.out) : process.stdout;
  try {
    await recordPersonalExport(database.db, null, e, given);
    for await (const chunk of e.run(database.db, params)) await write(out, chunk);
    if (values.out) {
      out.end();
      await once(out, "finish");
    }
    return 0;
  } finally {
    await database.close();
  }
}
