/**
 * The waypoint command line: a published interface that councils' data teams
 * script against. Keep commands and flags stable; change only by adding.
 *
 *   waypoint migrate
 *   waypoint demo [--if-empty] [--households N] [--years Y] [--today D]
 *   waypoint generate --households N --years Y [--seed S]
 *   waypoint import <folder-or-file>... [--dry-run]
 *   waypoint export [<name>] [--from D] [--to D] [--as-of D] [--out file]
 *   waypoint districts import <file.csv>
 *   waypoint maintain [--retention [--dry-run]]
 *   waypoint backup FILE
 *   waypoint restore FILE
 */
import { parseArgs } from "node:util";
import { openAppDatabase } from "~/lib/db/app.server";
import { today as todayInLondon } from "~/lib/clock.server";
import { isIsoDate } from "~/lib/dates";
import { isEmpty, loadDemoData } from "~/demo/load";
import { foldOccupancyLedger } from "~/features/admin/maintenance.server";
import { applyRetention } from "~/features/admin/retention.server";
import { loadDemoArchive } from "~/demo/archive";
import { importCommand, exportCommand } from "./data";
import { backupCommand, restoreCommand } from "./backup";
import { districtsCommand } from "./districts";

const USAGE = `Usage: waypoint <command> [options]

Commands:
  migrate                         apply database migrations
  demo [--if-empty]               load the demo council (about 1,500 households in TA, 5 years)
  generate --households N --years Y [--seed S]
                                  load generated data of a chosen size into an empty database
  import <folder-or-file>... [--dry-run]
                                  import the spreadsheet template's CSV files (a folder holding any of
                                  providers.csv, units.csv, unit_rates.csv, households.csv, members.csv,
                                  placements.csv, or the files themselves) in one transaction; every
                                  problem is listed and nothing is saved if there is any error.
                                  --dry-run checks everything and saves nothing
  export [<name>] [--from D] [--to D] [--as-of D] [--out file]
                                  write a named export as CSV to standard output (or --out file);
                                  with no name, list the exports and the flags each takes
  districts import <file.csv>     load the register of districts from the ONS list of local authority
                                  district names and codes (LADyyCD,LADyyNM, or gss,name): adds English
                                  districts, renames changed names, keeps the council and where its
                                  notices go, removes nothing; nothing is saved if any row has a problem
  maintain                        nightly housekeeping: fold the occupancy ledger to one row per
                                  TA type and day (no figure changes; writers wait while it runs)
    --retention                   also anonymise the closed cases past the council's retention period
                                  (not those on legal hold) and remove the log of views older than it
    --retention --dry-run         list the cases that would be anonymised, and change nothing
  backup FILE                     write a whole backup of the database to FILE (pg_dump for PostgreSQL;
                                  for the embedded database, stop Waypoint first)
  restore FILE                    restore a backup into an empty database (refused if it holds any data
                                  or the backup is from a newer Waypoint), then apply migrations

Uses DATABASE_URL when set, otherwise the embedded database in WAYPOINT_DATA_DIR (default ./data/pglite).`;

/** The database the environment selects, migrated, with the council's district from WAYPOINT_COUNCIL_GSS as the app sets it. */
const open = () => openAppDatabase();

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 10_000_000) throw new UsageError(`--${name} must be a whole number greater than 0`);
  return n;
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "migrate": {
        const database = await open();
        await database.close();
        if (database.migrated.length) console.log(`Applied: ${database.migrated.join(", ")}`);
        console.log("Migrations applied.");
        return 0;
      }
      case "demo":
      case "generate": {
        const { values } = parseArgs({
          args: rest,
          options: {
            "if-empty": { type: "boolean", default: false },
            households: { type: "string" },
            years: { type: "string" },
            seed: { type: "string" },
            today: { type: "string" },
          },
          strict: true,
        });
        const households = positiveInt("households", values.households, 1500);
        const years = positiveInt("years", values.years, 5);
        const seed = positiveInt("seed", values.seed, 20261123);
        const today = values.today ?? todayInLondon();
        if (!isIsoDate(today)) throw new UsageError("--today must be a date like 2026-11-23");
        const database = await open();
        try {
          if (!(await isEmpty(database.db))) {
            if (values["if-empty"]) {
              console.log("The database already has data: demo data not loaded.");
              return 0;
            }
            console.error("The database is not empty: demo data is loaded only into an empty database.");
            return 1;
          }
          const t0 = Date.now();
          const data = await loadDemoData(database.db, { today, households, years, seed }, (m) => console.log(m));
          // Old closed cases, past six years, for the retention dry run (issue 22, item 2).
          await loadDemoArchive(database.db, today);
          const secs = (Date.now() - t0) / 1000;
          console.log(
            `Loaded ${data.households.length} households, ${data.placements.length} placements and ${data.units.length} units in ${secs.toFixed(1)} s (${Math.round(data.placements.length / secs)} placements a second).`,
          );
        } finally {
          await database.close();
        }
        return 0;
      }
      case "maintain": {
        const { values } = parseArgs({
          args: rest,
          options: { retention: { type: "boolean" }, "dry-run": { type: "boolean" } },
          strict: true,
          allowPositionals: false,
        });
        if (values["dry-run"] && !values.retention) throw new UsageError("--dry-run goes with --retention");
        const database = await open();
        try {
          if (!values["dry-run"]) {
            const r = await foldOccupancyLedger(database.db);
            console.log(`Occupancy ledger folded: ${r.before} rows to ${r.after}.`);
          }
          if (values.retention) {
            const dryRun = Boolean(values["dry-run"]);
            const run = await applyRetention(database.db, todayInLondon(), { dryRun });
            const verb = dryRun ? "Would anonymise" : "Anonymised";
            console.log(`Retention: closed cases are kept ${run.years} years after their last placement ended or their case closed.`);
            for (const c of run.anonymised)
              console.log(
                `${verb} ${c.caseRef} (closed ${c.closedOn}${c.mergedInto ? `, merged into ${c.mergedInto}` : ""}, ${c.members} members)`,
              );
            for (const c of run.held) console.log(`Kept on legal hold: ${c.caseRef} (closed ${c.closedOn}): ${c.holdReason ?? ""}`);
            console.log(
              `${verb} ${run.anonymised.length} ${run.anonymised.length === 1 ? "case" : "cases"}; ${run.held.length} on legal hold; ${dryRun ? "would remove" : "removed"} ${run.viewsRemoved} views older than the retention period.`,
            );
          }
        } finally {
          await database.close();
        }
        return 0;
      }
      case "import":
        return await importCommand(rest, { open, usage: USAGE });
      case "export":
        return await exportCommand(rest, { open, usage: USAGE });
      case "districts":
        return await districtsCommand(rest, { open, usage: USAGE });
      case "backup":
        return await backupCommand(rest, { usage: USAGE });
      case "restore":
        return await restoreCommand(rest, { usage: USAGE });
      case undefined:
      case "help":
      case "--help":
        console.log(USAGE);
        return command ? 0 : 2;
      default:
        console.error(`Unknown command: ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}
