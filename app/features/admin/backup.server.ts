/**
 * `waypoint backup FILE` and `waypoint restore FILE` (issue 22, ADR 0045): a whole copy of
 * the database the environment selects, and that copy put back into an empty database.
 *
 * PostgreSQL: pg_dump's custom format, restored with pg_restore. The embedded database:
 * PGlite's own dump of its data folder (dumpDataDir), loaded with loadDataDir. Either way
 * the payload goes into a small archive with a manifest first (backup-file.server.ts) that
 * records the schema the data is at, so a restore refuses a backup from a newer Waypoint
 * before it touches anything, and brings an older one up to date after.
 *
 * Every refusal (not a backup, damaged, from a newer schema or the other engine, a
 * database that already holds data, pg_restore missing) comes before anything is changed.
 */
import { env } from "~/lib/env.server";
import { spawn } from "node:child_process";
import { mkdtemp, rename, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "~/lib/db/schema";
import { migrateToLatest, openPglite, type Database, type Engine } from "~/lib/db/connect";
import { migrations } from "../../../db/migrations/index";
import { extractEntry, fileDigest, readArchive, readEntry, writeArchive, type ArchiveEntry } from "./backup-file.server";

export const MANIFEST_NAME = "waypoint-backup.json";
const PAYLOAD_NAME: Record<Engine, string> = { pg: "database.pgdump", pglite: "pglite-datadir.tar.gz" };
const ENGINE_NAME: Record<Engine, string> = { pg: "PostgreSQL (DATABASE_URL)", pglite: "the embedded database (WAYPOINT_DATA_DIR)" };

/** A backup or restore refused, with the message for the person running it. Nothing was changed. */
export class BackupRefused extends Error {}

const manifestSchema = z.object({
  format: z.literal("waypoint-backup"),
  formatVersion: z.literal(1),
  engine: z.enum(["pg", "pglite"]),
  /** The latest migration applied to the data backed up: its schema version. */
  schema: z.string().min(1),
  migrations: z.array(z.string()),
  createdAt: z.string(),
  /** What made the payload: "pg_dump (PostgreSQL) 15.20", "PGlite 0.4.6". */
  madeBy: z.string(),
  payload: z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Rows in the main tables, to tell the person restoring what they are getting. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** Tables a freshly migrated database already has rows in (bookkeeping and reference data), and settings. */
const NOT_DATA = new Set([
  "kysely_migration",
  "kysely_migration_lock",
  "schema_definitions",
  "data_version",
  "notification_types",
  "ta_types",
  // The four letter templates a new database ships with (migration 0070): a later version is the council's, kept with the rest.
  "letter_templates",
  "settings",
]);
const COUNTED = ["households", "household_members", "placements", "units", "providers", "users"] as const;

const known = Object.keys(migrations).sort();
export const LATEST_SCHEMA = known[known.length - 1];

async function tablesOf(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  return r.rows.map((x) => x.t);
}

const ident = (name: string) => sql.id(name);

/** The tables holding any row of the council's data (households, units, users, ...): none in an empty database. */
export async function tablesWithData(db: Kysely<DB>): Promise<string[]> {
  const out: string[] = [];
  for (const t of await tablesOf(db)) {
    if (NOT_DATA.has(t)) continue;
    const r = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${ident(t)}) AS any`.execute(db);
    if (r.rows[0].any) out.push(t);
  }
  return out;
}

/** The migrations applied, in order (none when the database has no Waypoint schema). */
export async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  if (!(await tablesOf(db)).includes("kysely_migration")) return [];
  const r = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return r.rows.map((x) => x.name);
}

async function countsOf(db: Kysely<DB>): Promise<Record<string, number>> {
  const tables = new Set(await tablesOf(db));
  const counts: Record<string, number> = {};
  for (const t of COUNTED) {
    if (!tables.has(t)) continue;
    const r = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${ident(t)}`.execute(db);
    counts[t] = Number(r.rows[0].n);
  }
  return counts;
}

/** Runs a program, its standard error collected; ENOENT when it is not installed. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The PostgreSQL client program, or a refusal saying it is missing. WAYPOINT_PG_BIN names the folder it is in, if not on PATH. */
async function pgTool(name: "pg_dump" | "pg_restore"): Promise<{ cmd: string; version: string }> {
  const dir = env().WAYPOINT_PG_BIN;
  const cmd = dir ? path.join(dir, name) : name;
  try {
    const r = await run(cmd, ["--version"]);
    if (r.code === 0) return { cmd, version: r.stdout.trim() };
  } catch {
    // not installed: refused below
  }
  throw new BackupRefused(
    `${name} was not found${dir ? ` in WAYPOINT_PG_BIN (${dir})` : " on the PATH"}. A backup or restore of PostgreSQL needs the PostgreSQL client programs ` +
      `(pg_dump and pg_restore), of the server's version or newer: on Debian or Ubuntu, apt install postgresql-client. ` +
      `Set WAYPOINT_PG_BIN to the folder they are in if they are not on the PATH. Nothing was changed.`,
  );
}

/** The connection string for libpq without its password, which goes in PGPASSWORD (not on a command line others can see). */
function libpqTarget(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(databaseUrl);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
  }
  return { dbname: u.toString(), env };
}

function toolFailed(what: string, r: { code: number; stderr: string }): Error {
  return new Error(`${what} failed (exit code ${r.code}):\n${r.stderr.trim()}`);
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/**
 * Backs up the whole database to `file` (written beside it first, then renamed, so a failed
 * backup leaves no half file and an older backup of the same name stays until the new one
 * is whole).
 */
export async function writeBackup(database: Database, file: string, opts: { databaseUrl?: string } = {}): Promise<BackupResult> {
  const applied = await appliedMigrations(database.db);
  if (applied.length === 0)
    throw new BackupRefused("The database has no Waypoint data to back up (no migrations have been applied). Nothing was written.");
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) throw new BackupRefused(`The folder ${dir} does not exist. Nothing was written.`);
  const work = await mkdtemp(path.join(dir, ".waypoint-backup-"));
  try {
    let payload: { path?: string; bytes?: Buffer };
    let madeBy: string;
    let digest: { sha256: string; bytes: number };
    const counts = await countsOf(database.db);
    if (database.engine === "pg") {
      if (!opts.databaseUrl) throw new Error("A PostgreSQL backup needs DATABASE_URL");
      const pgDump = await pgTool("pg_dump");
      const target = libpqTarget(opts.databaseUrl);
      const dumpPath = path.join(work, PAYLOAD_NAME.pg);
      // one snapshot, so the dump is consistent while the app keeps running
      const r = await run(
        pgDump.cmd,
        ["--format=custom", "--no-owner", "--no-privileges", `--file=${dumpPath}`, `--dbname=${target.dbname}`],
        target.env,
      );
      if (r.code !== 0) throw toolFailed("pg_dump", r);
      payload = { path: dumpPath };
      madeBy = pgDump.version;
      digest = await fileDigest(dumpPath);
    } else {
      if (!database.pglite) throw new Error("The embedded database is not open");
      // everything written so far into the data files, so the dump needs no recovery
      await sql`CHECKPOINT`.execute(database.db);
      const blob = await database.pglite.dumpDataDir("gzip");
      const bytes = Buffer.from(await blob.arrayBuffer());
      payload = { bytes };
      madeBy = `PGlite ${await pgliteVersion()}`;
      digest = { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
    }
    const manifest: BackupManifest = {
      format: "waypoint-backup",
      formatVersion: 1,
      engine: database.engine,
      schema: applied[applied.length - 1],
      migrations: applied,
      createdAt: new Date().toISOString(),
      madeBy,
      payload: { name: PAYLOAD_NAME[database.engine], ...digest },
      counts,
    };
    const partial = path.join(work, "backup.partial");
    await writeArchive(
      partial,
      { name: MANIFEST_NAME, body: Buffer.from(JSON.stringify(manifest, null, 2) + "\n") },
      { name: PAYLOAD_NAME[database.engine], ...payload },
    );
    await rename(partial, file);
    return { file, bytes: (await stat(file)).size, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function pgliteVersion(): Promise<string> {
  const { createRequire } = await import("node:module");
  try {
    const require = createRequire(import.meta.url);
    return (require("@electric-sql/pglite/package.json") as { version: string }).version;
  } catch {
    return "(version unknown)";
  }
}

/**
 * Reads and checks a backup without changing anything: that it is a Waypoint backup, whole
 * and undamaged, and from a schema this Waypoint knows.
 */
export async function checkBackup(file: string): Promise<{ manifest: BackupManifest; payload: ArchiveEntry }> {
  const notBackup = new BackupRefused(`${file} is not a Waypoint backup (a file made by waypoint backup). Nothing was changed.`);
  let archive;
  try {
    archive = await readArchive(file);
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") throw new BackupRefused(`There is no file ${file}. Nothing was changed.`);
    if ((e as { code?: string }).code === "EISDIR") throw notBackup;
    throw e;
  }
  if (!archive || archive.manifest.name !== MANIFEST_NAME) throw notBackup;
  let json: unknown;
  try {
    json = JSON.parse(archive.manifest.text);
  } catch {
    throw notBackup;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const format = (json as { format?: unknown; formatVersion?: unknown } | null)?.format;
    if (format === "waypoint-backup")
      throw new BackupRefused(
        `${file} is a Waypoint backup in a form this version of Waypoint cannot read: restore it with a newer Waypoint. Nothing was changed.`,
      );
    throw notBackup;
  }
  const manifest = parsed.data;
  const unknown = manifest.migrations.filter((m) => !known.includes(m));
  if (manifest.schema > LATEST_SCHEMA)
    throw new BackupRefused(
      `This backup is from a newer version of Waypoint: its data is at schema ${manifest.schema}, and this version of Waypoint knows schemas up to ${LATEST_SCHEMA}. ` +
        `Upgrade Waypoint, then restore. Nothing was changed.`,
    );
  if (unknown.length)
    throw new BackupRefused(
      `This backup's schema has ${unknown.length === 1 ? "a migration" : "migrations"} this version of Waypoint does not know (${unknown.join(", ")}): ` +
        `restore it with the version of Waypoint that made it. Nothing was changed.`,
    );
  if (archive.truncated || !archive.payload)
    throw new BackupRefused(`${file} is incomplete: the backup was cut short. Nothing was changed.`);
  if (archive.payload.name !== manifest.payload.name || archive.payload.size !== manifest.payload.bytes) throw notBackup;
  const digest = await fileDigest(file, archive.payload.offset, archive.payload.offset + archive.payload.size);
  if (digest.sha256 !== manifest.payload.sha256)
    throw new BackupRefused(`${file} is damaged: its contents do not match the checksum recorded when it was made. Nothing was changed.`);
  return { manifest, payload: archive.payload };
}

/** Drops every table, view, function and type Waypoint made (none holds data: checked first), leaving the extensions. */
async function dropWaypointObjects(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const notExtension = (catalog: string, oid: string) =>
      sql.raw(`NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`);
    const rels = await sql<{ name: string; kind: string }>`
      SELECT c.oid::regclass::text AS name, c.relkind AS kind FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${notExtension("pg_class", "c.oid")}
      ORDER BY c.relkind DESC`.execute(trx);
    const kinds: Record<string, string> = { r: "TABLE", p: "TABLE", f: "FOREIGN TABLE", v: "VIEW", m: "MATERIALIZED VIEW", S: "SEQUENCE" };
    for (const r of rels.rows) await sql.raw(`DROP ${kinds[r.kind]} IF EXISTS ${r.name} CASCADE`).execute(trx);
    const routines = await sql<{ sig: string; kind: string }>`
      SELECT p.oid::regprocedure::text AS sig, p.prokind AS kind FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND ${notExtension("pg_proc", "p.oid")}`.execute(trx);
    for (const r of routines.rows)
      await sql
        .raw(`DROP ${r.kind === "a" ? "AGGREGATE" : r.kind === "p" ? "PROCEDURE" : "FUNCTION"} IF EXISTS ${r.sig} CASCADE`)
        .execute(trx);
    const types = await sql<{ name: string }>`
      SELECT t.oid::regtype::text AS name FROM pg_type t
      WHERE t.typnamespace = 'public'::regnamespace AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
        AND ${notExtension("pg_type", "t.oid")}`.execute(trx);
    for (const t of types.rows) await sql.raw(`DROP TYPE IF EXISTS ${t.name} CASCADE`).execute(trx);
  });
}

export interface RestoreTarget {
  /** The database the environment selects, open; closed by a PGlite restore, which returns the restored one. */
  database: Database;
  databaseUrl?: string;
  /** The embedded database's folder (or memory://). */
  dataDir?: string;
}

export interface RestoreResult {
  database: Database;
  manifest: BackupManifest;
  /** Migrations (and definitions) applied after the restore: an older backup brought up to date. */
  migrated: string[];
  counts: Record<string, number>;
}

export async function restoreBackup(file: string, target: RestoreTarget): Promise<RestoreResult> {
  const { manifest, payload } = await checkBackup(file);
  const engine = target.database.engine;
  if (manifest.engine !== engine)
    throw new BackupRefused(
      `This backup is of ${ENGINE_NAME[manifest.engine]}, and this restore would go to ${ENGINE_NAME[engine]}: a backup restores into the same kind of database. ` +
        `${manifest.engine === "pg" ? "Set DATABASE_URL" : "Unset DATABASE_URL"} to restore it. Nothing was changed.`,
    );
  const holding = await tablesWithData(target.database.db);
  if (holding.length)
    throw new BackupRefused(
      `The database already holds data (in ${holding.join(", ")}): a backup is restored only into an empty database, so nothing is overwritten. Nothing was changed.`,
    );
  let database: Database;
  let migrated: string[] = [];
  if (engine === "pg") {
    if (!target.databaseUrl) throw new Error("A PostgreSQL restore needs DATABASE_URL");
    const pgRestore = await pgTool("pg_restore");
    const work = await mkdtemp(path.join(path.dirname(path.resolve(file)), ".waypoint-restore-"));
    try {
      const dumpPath = path.join(work, PAYLOAD_NAME.pg);
      await extractEntry(file, payload, dumpPath);
      const libpq = libpqTarget(target.databaseUrl);
      await dropWaypointObjects(target.database.db);
      const r = await run(
        pgRestore.cmd,
        ["--no-owner", "--no-privileges", "--no-comments", "--exit-on-error", "--single-transaction", `--dbname=${libpq.dbname}`, dumpPath],
        libpq.env,
      );
      if (r.code !== 0) throw toolFailed("pg_restore", r);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    database = target.database;
  } else {
    const dataDir = target.dataDir;
    if (!dataDir) throw new Error("A restore of the embedded database needs its folder");
    const blob = new Blob([(await readEntry(file, payload)) as Buffer<ArrayBuffer>]);
    await target.database.close();
    if (dataDir.startsWith("memory://")) database = await openPglite(dataDir, { loadDataDir: blob });
    else {
      // loaded and brought up to date beside the folder, then put in its place (it held no data)
      const staging = `${dataDir.replace(/[\\/]+$/, "")}.restoring-${randomBytes(4).toString("hex")}`;
      try {
        const loaded = await openPglite(staging, { loadDataDir: blob });
        try {
          migrated = await migrateToLatest(loaded.db);
        } finally {
          await loaded.close();
        }
        await rm(dataDir, { recursive: true, force: true });
        await rename(staging, dataDir);
      } catch (e) {
        await rm(staging, { recursive: true, force: true });
        throw e;
      }
      database = await openPglite(dataDir);
    }
  }
  migrated = [...migrated, ...(await migrateToLatest(database.db))];
  return { database, manifest, migrated, counts: await countsOf(database.db) };
}
