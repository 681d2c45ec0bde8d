/**
 * A fresh, migrated database per test file, on real PostgreSQL (the default) or
 * on PGlite (WAYPOINT_TEST_ENGINE=pglite). On PostgreSQL each file gets its own
 * database cloned from a migrated template, so files run in parallel safely.
 */
import { randomBytes, createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openPg, openPglite, migrateToLatest, type Database } from "~/lib/db/connect";
import { migrations } from "../../db/migrations/index";
import { definitions } from "../../db/definitions/index";

export const ENGINE = (process.env.WAYPOINT_TEST_ENGINE ?? "pg") as "pg" | "pglite";
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function urlFor(dbName: string) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const templateName = () =>
  `waypoint_tpl_${createHash("sha1")
    .update(Object.keys(migrations).join(","))
    .update(
      String(
        Object.values(migrations)
          .map((m) => m.up.toString())
          .join(),
      ),
    )
    .update(definitions.map((d) => d.sql + (d.refresh ?? "")).join())
    .digest("hex")
    .slice(0, 12)}`;

async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await admin(async (c) => {
    // One worker builds the template; the others wait on the advisory lock.
    await c.query("SELECT pg_advisory_lock(727272)");
    try {
      const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_building_${randomBytes(3).toString("hex")}`;
        await c.query(`CREATE DATABASE ${building}`);
        const d = await openPg(urlFor(building), 2);
        try {
          await migrateToLatest(d.db);
        } finally {
          await d.close();
        }
        await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await c.query("SELECT pg_advisory_unlock(727272)");
    }
  });
  return name;
}

/**
 * PGlite's own initdb takes several seconds per database, the migrations a few more: the
 * first test file to need one migrates a fresh PGlite and keeps its data directory (a tar
 * file named by the migrations' and definitions' hash, like the PostgreSQL template), and
 * every file after that opens a copy of it. The same migrations ran; only the initdb and
 * migration time is saved.
 */
async function migratedPgliteDump(): Promise<Blob> {
  const file = join(tmpdir(), `${templateName()}_pglite.tar`);
  if (!existsSync(file)) {
    const d = await openPglite("memory://");
    await migrateToLatest(d.db);
    const dump = await d.pglite!.dumpDataDir("none");
    await d.close();
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
    renameSync(part, file);
  }
  return new Blob([readFileSync(file)]);
}

export interface TestDatabase extends Database {
  url: string | null;
  /** Another independent connection pool to the same database (PostgreSQL only). */
  second(): Promise<Database>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (ENGINE === "pglite") {
    const d = await openPglite("memory://", { loadDataDir: await migratedPgliteDump() });
    // The dump was migrated to the latest version by this same code; nothing is left to run.
    await migrateToLatest(d.db);
    return {
      ...d,
      url: null,
      second: async () => {
        throw new Error("PGlite has one connection");
      },
    };
  }
  const template = await ensureTemplate();
  const name = `waypoint_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = urlFor(name);
  const d = await openPg(url, 20);
  const extra: Database[] = [];
  return {
    ...d,
    url,
    second: async () => {
      const s = await openPg(url, 20);
      extra.push(s);
      return s;
    },
    close: async () => {
      for (const s of extra) await s.close();
      await d.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
