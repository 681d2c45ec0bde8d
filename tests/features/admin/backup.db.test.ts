/**
 * Backups that restore (issue 22, item 4): the demo council backed up and restored into an
 * empty database gives every report export byte for byte the same, on whichever engine the
 * tests run on; and a restore is refused, changing nothing, into a database that holds data,
 * from a backup of a newer schema, and from a file that is not a Waypoint backup.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { Migrator, type Migration } from "kysely";
import pg from "pg";
import { createTestDatabase, ADMIN_URL, ENGINE, type TestDatabase } from "../../support/harness";
import { migrations } from "../../../db/migrations/index";
import { loadDemoData } from "~/demo/load";
import { getExport } from "~/features/exports.server";
import type { ExportParams } from "~/lib/exports.server";
import { openPg, openPglite, type Conn, type Database } from "~/lib/db/connect";
import {
  BackupRefused,
  LATEST_SCHEMA,
  appliedMigrations,
  checkBackup,
  restoreBackup,
  tablesWithData,
  writeBackup,
} from "~/features/admin/backup.server";

const TODAY = "2026-11-23";
const YEAR_AGO = "2025-11-23";

/** Every report export, with the dates it is read for. */
const REPORTS: [string, Omit<ExportParams, "today">][] = [
  ["ta1", { asOf: "2026-09-30" }],
  ["ta1", { asOf: TODAY }],
  ["ta2", { asOf: "2026-09-30" }],
  ["ta2", { asOf: TODAY }],
  ["occupancy", { from: YEAR_AGO, to: TODAY }],
  ["length-of-stay", { asOf: TODAY }],
  ["flow", { from: YEAR_AGO, to: TODAY }],
  ["spend", { from: YEAR_AGO, to: TODAY }],
];

async function exportText(db: Conn, name: string, params: Omit<ExportParams, "today"> = {}): Promise<string> {
  let s = "";
  for await (const chunk of getExport(name)!.run(db, { ...params, today: TODAY })) s += chunk;
  return s;
}

const target = (d: TestDatabase) => ({ database: d as Database, databaseUrl: d.url ?? undefined, dataDir: "memory://" });

let demo: TestDatabase;
let dir: string;
let backup: string;
const open: Database[] = [];
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "waypoint-backup-test-"));
  backup = path.join(dir, "demo.backup");
  demo = await createTestDatabase();
  await loadDemoData(demo.db, { today: TODAY, households: 150, years: 1 });
}, 600_000);
afterAll(async () => {
  for (const d of open) await d.close().catch(() => {});
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The backup with its manifest changed: a file the refusals are tried on. */
function withManifest(change: (m: Record<string, unknown>) => void): string {
  const bytes = readFileSync(backup);
  const size = parseInt(bytes.toString("ascii", 124, 136).replace(/\0/g, ""), 8);
  const manifest = JSON.parse(bytes.toString("utf8", 512, 512 + size)) as Record<string, unknown>;
  change(manifest);
  // a manifest of the same length keeps the archive's layout (the test pads it with spaces)
  const body = Buffer.from(JSON.stringify(manifest).padEnd(size, " "));
  expect(body.length).toBe(size);
  const out = Buffer.from(bytes);
  body.copy(out, 512);
  // the header's checksum does not cover the body, so the archive stays well formed
  const file = path.join(dir, `changed-${Math.random().toString(36).slice(2)}.backup`);
  writeFileSync(file, out);
  return file;
}

describe(`a backup of the demo council restored into an empty database on ${ENGINE}`, () => {
  it("gives byte-identical TA1, TA2, occupancy, length of stay, flow and spend", { timeout: 600_000 }, async () => {
    const made = await writeBackup(demo, backup, { databaseUrl: demo.url ?? undefined });
    expect(made.manifest.engine).toBe(ENGINE);
    expect(made.manifest.schema).toBe(LATEST_SCHEMA);
    const households = await demo.db
      .selectFrom("households")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(made.manifest.counts.households).toBe(Number(households.n));
    expect(made.manifest.counts.households).toBeGreaterThan(100);
    expect(made.bytes).toBeGreaterThan(made.manifest.payload.bytes);
    expect((await checkBackup(backup)).manifest).toEqual(made.manifest);

    const empty = await createTestDatabase();
    const restored = await restoreBackup(backup, target(empty));
    open.push(restored.database);
    expect(restored.counts).toEqual(made.manifest.counts);
    expect(await appliedMigrations(restored.database.db)).toEqual(await appliedMigrations(demo.db));
    for (const [name, params] of REPORTS) {
      const text = await exportText(demo.db, name, params);
      expect(text.split("\r\n").length, `${name} has rows`).toBeGreaterThan(2);
      expect(await exportText(restored.database.db, name, params), `${name} ${JSON.stringify(params)}`).toBe(text);
    }
    // the restored database takes writes (sequences restored past the ids in use)
    const before = await restored.database.db.selectFrom("providers").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    const added = await restored.database.db
      .insertInto("providers")
      .values({ name: "Restored Lets", provider_type: "agent" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(added.id).toBeGreaterThan(before.id);
  });
});

/** A database at the schema before the latest (a Waypoint one release older), with no data. */
async function olderDatabase(): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  const names = Object.keys(migrations).sort();
  const previous = names[names.length - 2];
  let database: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (ENGINE === "pglite") database = await openPglite("memory://");
  else {
    const name = `waypoint_test_old_${Math.random().toString(36).slice(2, 10)}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(q).finally(() => c.end());
    };
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    database = await openPg(url, 2);
    drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
  });
  const { error } = await migrator.migrateTo(previous);
  if (error) throw error;
  return { database, url, drop };
}

describe(`a backup of an older schema on ${ENGINE}`, () => {
  it("is restored and brought up to date", { timeout: 300_000 }, async () => {
    const older = await olderDatabase();
    const file = path.join(dir, "older.backup");
    try {
      const made = await writeBackup(older.database, file, { databaseUrl: older.url });
      expect(made.manifest.schema < LATEST_SCHEMA).toBe(true);
    } finally {
      await older.database.close();
      await older.drop();
    }
    const empty = await createTestDatabase();
    const restored = await restoreBackup(file, target(empty));
    open.push(restored.database);
    expect(restored.migrated).toContain(LATEST_SCHEMA);
    expect(await appliedMigrations(restored.database.db)).toEqual(Object.keys(migrations).sort());
    expect(await tablesWithData(restored.database.db)).toEqual([]);
  });
});

describe(`a restore refused on ${ENGINE}`, () => {
  it("into a database that holds data, saying so, and changes nothing", { timeout: 120_000 }, async () => {
    const ta1 = await exportText(demo.db, "ta1", { asOf: TODAY });
    const err = await restoreBackup(backup, target(demo)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupRefused);
    expect((err as Error).message).toMatch(
      /^The database already holds data \(in .*households.*\): a backup is restored only into an empty database/,
    );
    expect((err as Error).message).toMatch(/Nothing was changed\.$/);
    expect(await exportText(demo.db, "ta1", { asOf: TODAY })).toBe(ta1);
  });

  it("from a newer schema, naming both schemas, and changes nothing", { timeout: 120_000 }, async () => {
    const newer = withManifest((m) => {
      m.schema = "2099_01_01_0001_future";
      m.migrations = [...(m.migrations as string[]), "2099_01_01_0001_future"];
    });
    const empty = await createTestDatabase();
    try {
      const err = await restoreBackup(newer, target(empty)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupRefused);
      expect((err as Error).message).toBe(
        `This backup is from a newer version of Waypoint: its data is at schema 2099_01_01_0001_future, and this version of Waypoint knows schemas up to ${LATEST_SCHEMA}. Upgrade Waypoint, then restore. Nothing was changed.`,
      );
      expect(await appliedMigrations(empty.db)).toEqual(await appliedMigrations(demo.db));
      expect(await tablesWithData(empty.db)).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it("from a file that is not a Waypoint backup, or is damaged, and changes nothing", { timeout: 120_000 }, async () => {
    const empty = await createTestDatabase();
    try {
      const csv = path.join(dir, "households.csv");
      writeFileSync(csv, "case_ref,lead_name\r\nA/1,Ada Test\r\n");
      const refusal = async (file: string) => ((await restoreBackup(file, target(empty)).catch((e: unknown) => e)) as Error).message;
      expect(await refusal(csv)).toBe(`${csv} is not a Waypoint backup (a file made by waypoint backup). Nothing was changed.`);
      expect(await refusal(path.join(dir, "missing.backup"))).toBe(
        `There is no file ${path.join(dir, "missing.backup")}. Nothing was changed.`,
      );
      const other = withManifest((m) => (m.format = "something-else"));
      expect(await refusal(other)).toBe(`${other} is not a Waypoint backup (a file made by waypoint backup). Nothing was changed.`);
      const bytes = readFileSync(backup);
      const cut = path.join(dir, "cut.backup");
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      expect(await refusal(cut)).toBe(`${cut} is incomplete: the backup was cut short. Nothing was changed.`);
      const damaged = path.join(dir, "damaged.backup");
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 2048] ^= 0xff;
      writeFileSync(damaged, flipped);
      expect(await refusal(damaged)).toMatch(/is damaged: its contents do not match the checksum/);
      expect(await tablesWithData(empty.db)).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["app/cli/waypoint.mjs", ...args], { env: { ...process.env, ...env }, cwd: process.cwd() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe(`waypoint backup and waypoint restore on ${ENGINE}`, () => {
  it("restore into an empty database, refuse a second time, and back up again", { timeout: 300_000 }, async () => {
    const cliDb = ENGINE === "pg" ? await createTestDatabase() : null;
    const env: Record<string, string> = cliDb
      ? { DATABASE_URL: cliDb.url!, WAYPOINT_TODAY: TODAY }
      : { DATABASE_URL: "", WAYPOINT_DATA_DIR: path.join(dir, "cli-pglite"), WAYPOINT_TODAY: TODAY };
    try {
      const help = await cli(["help"], env);
      expect(help.stdout).toMatch(/\n {2}backup FILE {4,}write a whole backup/);
      expect(help.stdout).toMatch(/\n {2}restore FILE {4,}restore a backup into an empty database/);
      expect((await cli(["restore"], env)).code).toBe(2);

      const { manifest } = await checkBackup(backup);
      const restored = await cli(["restore", backup], env);
      expect(restored.stderr).toBe("");
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain(`Restored ${manifest.counts.households} households, `);

      const again = await cli(["restore", backup], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^The database already holds data \(in .*households.*\).*Nothing was changed\.\n$/);

      // the restored database opens again, and backs up with the same rows
      const second = path.join(dir, "cli.backup");
      const made = await cli(["backup", second], env);
      expect(made.code).toBe(0);
      expect(made.stdout).toMatch(
        new RegExp(
          `^Backed up ${manifest.counts.households} households, .*\\nWrote .*cli\\.backup: \\d+\\.\\d MB in \\d+\\.\\d s\\.\\n$`,
          "s",
        ),
      );
      expect((await checkBackup(second)).manifest.counts).toEqual(manifest.counts);
    } finally {
      await cliDb?.close();
    }
  });
});
