/**
 * Report pages read from the read-only copy of the database (READ_DATABASE_URL, ADR 0029).
 *
 * A page's reads run in one READ ONLY, REPEATABLE READ transaction on the copy, so every
 * figure on the page, the data version its kept results are tagged with
 * (app/lib/cache.server.ts) and the copy's lag come from one snapshot. A lagging copy's
 * figure is then always kept under the lagging version it was computed at, never under a
 * newer version read elsewhere, and is never served once the data has moved on.
 *
 * Without a copy the page reads the primary as before, and says nothing about a copy.
 */
import { sql } from "kysely";
import type { Conn } from "~/lib/db/connect";
import { getDb, getReadDatabase } from "~/lib/db/app.server";
import { markReadSnapshot } from "~/lib/cache.server";
import type { CopyState } from "~/lib/read-copy";

/**
 * How far behind the copy is. pg_last_xact_replay_timestamp() is the commit time of the last
 * change applied, so it stays old while the live database is idle: the copy is up to date
 * when it has applied all it has received (receive LSN = replay LSN). Not a standby (the URL
 * names a primary, or a copy since promoted): up to date.
 */
export async function copyState(db: Conn): Promise<CopyState> {
  const r = await sql<{
    standby: boolean;
    caught_up: boolean | null;
    replayed_at: Date | null;
    behind: number | null;
    paused: boolean;
    at: Date;
  }>`
    SELECT pg_is_in_recovery() AS standby,
           pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn() AS caught_up,
           pg_last_xact_replay_timestamp() AS replayed_at,
           extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 AS behind,
           CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END AS paused,
           clock_timestamp() AS at`.execute(db);
  const row = r.rows[0];
  return {
    upToDate: !row.standby || row.caught_up === true,
    behindSeconds: row.behind === null ? null : Number(row.behind),
    replayedAt: row.replayed_at ? row.replayed_at.toISOString() : null,
    paused: row.paused,
    at: row.at.toISOString(),
  };
}

/**
 * Runs a report's reads: on the copy when there is one (in one snapshot, with its lag), else
 * on the primary (`copy` null). `primary` reads the primary even with a copy: a page shown
 * just after the officer's own change (a return marked as filed, a pair decided) must show it.
 * `read` must not write: the copy refuses writes. Audit, record views and any other write of
 * the loader go to getDb().
 */
export async function readForReport<T>(
  read: (db: Conn) => Promise<T>,
  opts: { primary?: boolean } = {},
): Promise<{ value: T; copy: CopyState | null }> {
  const copy = opts.primary ? null : getReadDatabase();
  if (!copy) return { value: await read(await getDb()), copy: null };
  const { db } = await copy;
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      // The first statement takes the snapshot: the lag is measured at it.
      const state = await copyState(trx);
      markReadSnapshot(trx);
      return { value: await read(trx), copy: state };
    });
}
