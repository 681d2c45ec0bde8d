/**
 * `waypoint backup FILE` and `waypoint restore FILE` (ADR 0045), on the database the
 * environment selects: DATABASE_URL, else the embedded one in WAYPOINT_DATA_DIR. Published
 * interface: only add.
 *
 * Exit codes: 0 success; 1 refused (not a backup, damaged, newer schema, a database that
 * holds data, pg_dump missing: nothing changed) or the database failed; 2 used wrongly.
 */
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { env } from "~/lib/env.server";
import { openDatabase } from "~/lib/db/connect";
import { BackupRefused, restoreBackup, writeBackup, type BackupManifest } from "~/features/admin/backup.server";

interface Context {
  usage: string;
}

function fileArg(args: string[], ctx: Context, what: string): string | null {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    console.error(`Name the one file to ${what}.\n\n${ctx.usage}`);
    return null;
  }
  return positionals[0];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const describe = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([t, n]) => `${n} ${t.replace(/_/g, " ")}`)
    .join(", ");

/** The database the environment selects, opened as it is: no migrations (a backup copies what is there; a restore checks it is empty first). */
function openSelected() {
  const e = env();
  return { e, opening: openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.WAYPOINT_DATA_DIR }) };
}

function where(manifest: BackupManifest) {
  return `schema ${manifest.schema}, ${manifest.engine === "pg" ? "PostgreSQL" : "embedded database"}, made ${manifest.createdAt}`;
}

export async function backupCommand(args: string[], ctx: Context): Promise<number> {
  const file = fileArg(args, ctx, "back up to");
  if (file === null) return 2;
  const { e, opening } = openSelected();
  const database = await opening;
  try {
    const t0 = performance.now();
    const r = await writeBackup(database, file, { databaseUrl: e.DATABASE_URL });
    const secs = (performance.now() - t0) / 1000;
    console.log(`Backed up ${describe(r.manifest.counts)} (${where(r.manifest)}).`);
    console.log(`Wrote ${file}: ${mb(r.bytes)} in ${secs.toFixed(1)} s.`);
    return 0;
  } catch (err) {
    if (err instanceof BackupRefused) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

export async function restoreCommand(args: string[], ctx: Context): Promise<number> {
  const file = fileArg(args, ctx, "restore from");
  if (file === null) return 2;
  if (!existsSync(file)) {
    console.error(`No such file: ${file}`);
    return 2;
  }
  const { e, opening } = openSelected();
  let database = await opening;
  try {
    const t0 = performance.now();
    const r = await restoreBackup(file, { database, databaseUrl: e.DATABASE_URL, dataDir: e.WAYPOINT_DATA_DIR });
    database = r.database;
    const secs = (performance.now() - t0) / 1000;
    console.log(`Restored ${describe(r.counts)} from ${file} (${where(r.manifest)}) in ${secs.toFixed(1)} s.`);
    if (r.migrated.length) console.log(`Brought up to date: ${r.migrated.join(", ")}`);
    return 0;
  } catch (err) {
    if (err instanceof BackupRefused) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
