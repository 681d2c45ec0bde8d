/**
 * Results of the pages that aggregate many households, kept in this process and served
 * again while no data has changed (docs/decisions/0017-results-kept-until-data-changes.md).
 *
 * The database keeps a data version that every committed change to data a page reads
 * moves on (migration 0014). A result is computed after reading the version and tagged
 * with it; it is served only while the version is the same. A change that committed
 * while the result was being computed moved the version on, so a result that might have
 * missed it is never served: a page shows either what it would compute now, or computes.
 *
 * Requests for the same result at the same version share one computation, so fifty
 * officers opening Today after a placement cost one computation, not fifty.
 */
import { sql } from "kysely";
import type { Conn } from "~/lib/db/connect";
import { ownCopy } from "~/lib/db/errors";

/** Results kept, at most: a few pages, each for a few dates and filters (a kept page is
 * tens to hundreds of kilobytes, so this bounds the store to a few tens of megabytes). */
export const REPORT_CACHE_ENTRIES = 50;

interface Entry {
  version: string;
  value: Promise<unknown>;
}
const entries = new Map<string, Entry>();
let hits = 0,
  misses = 0;

/**
 * Read-only REPEATABLE READ transactions (a report's reads on the read-only copy, ADR 0029):
 * every query in one sees the same snapshot, the data version's too, and none writes, so a
 * result computed in one is exactly the data at the version it reads, and may be kept.
 */
const snapshots = new WeakSet<object>();

/** Marks `trx` as such a transaction. Only a transaction that cannot write may be marked. */
export function markReadSnapshot(trx: Conn): void {
  snapshots.add(trx);
}

/** Whether `db` is such a transaction: every query in it sees one snapshot. */
export function isReadSnapshot(db: Conn): boolean {
  return snapshots.has(db);
}

/** The current data version (an epoch unique to the database, and a counter). */
export async function dataVersion(db: Conn): Promise<string> {
  const r = await sql<{ v: string }>`SELECT epoch || ':' || version AS v FROM data_version`.execute(db);
  return r.rows[0].v;
}

/**
 * The result of `compute` for `key` (which must name everything the result depends on
 * apart from the data: the page, its dates and filters), from this process's store if
 * no data has changed since it was computed.
 */
export async function keptUntilDataChanges<T>(db: Conn, key: string, compute: () => Promise<T>): Promise<T> {
  // Inside a transaction the version moves on only at commit, so the transaction's own
  // changes would not show: compute afresh. A read-only snapshot has no changes of its own.
  if (db.isTransaction && !snapshots.has(db)) return compute();
  const version = await dataVersion(db);
  const hit = entries.get(key);
  if (hit && hit.version === version) {
    hits++;
    // Most recently used last, so the oldest is evicted first.
    entries.delete(key);
    entries.set(key, hit);
    return ownCopy(hit.value as Promise<T>);
  }
  misses++;
  const value = compute();
  const entry: Entry = { version, value };
  entries.delete(key);
  entries.set(key, entry);
  while (entries.size > REPORT_CACHE_ENTRIES) entries.delete(entries.keys().next().value as string);
  // A failed computation is not kept: the next request tries again.
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return ownCopy(value);
}

/** For tests and the benchmark's report: how often a kept result was served. */
export function reportCacheStats() {
  return { hits, misses, entries: entries.size };
}

/** For tests: forget every kept result. */
export function clearReportCache() {
  entries.clear();
  hits = 0;
  misses = 0;
}
