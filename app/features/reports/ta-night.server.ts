/**
 * The households in TA on a night, with the facts TA1, TA2 and Today count: the one
 * definition (nightFactsCte, computed afresh) and its rows kept on write (issue 23, item 1;
 * ADR 0059; migration 0078; the triggers in db/definitions/ta-night-kept.ts).
 *
 * A reader (withNightFacts) first brings the night's kept rows up to date when it can take
 * the lock that keeps writes out meanwhile (not inside a transaction, not waiting for one):
 * a night not kept is computed whole and stored; the households changed since (stale) are
 * computed again. Then, in one snapshot, it reads the kept rows of households not stale and
 * computes the stale ones afresh, so what it reads is exactly the data, whether or not the
 * rows could be brought up to date. Each night's rows record `rule`, a hash of the SQL that
 * computed them; rows of another rule are not read. At most MAX_NIGHTS nights are kept, the
 * latest computed.
 */
import { createHash } from "node:crypto";
import { sql, type RawBuilder } from "kysely";
import type { IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";
import { isReadSnapshot } from "~/lib/cache.server";
import { TA_NIGHT_KEPT_LOCK } from "../../../db/definitions/ta-night-kept";

/** Nights kept at once: tonight, the quarter ends a TA1 is filed for, a few others asked. */
export const MAX_NIGHTS = 8;

/** The columns of a night's row, as ta_night_facts holds them (in_another_district is read with the council's district). */
const COLUMNS = [
  "household_id",
  "placement_id",
  "episode_id",
  "duty",
  "start_date",
  "unit_id",
  "ta_type_code",
  "ta1_category",
  "is_bnb",
  "district_gss",
  "out_of_district",
  "provider_id",
  "property_id",
  "episode_start",
  "children",
  "expected_children",
  "adults",
  "household_type",
  "ta2",
  "with_children",
  "lead_16_17",
  "bnb_over_limit",
  "six_weeks_nights",
  "six_weeks_status",
] as const;
const columnList = (alias: string) => sql.join(COLUMNS.map((c) => sql.ref(`${alias}.${c}`)));

/**
 * The households in TA on the night of D, computed afresh: CTEs ending in `facts`, one row per
 * household. `only`: just these households (an expression giving bigint[]), else every one;
 * `name`: of the last CTE (the one before it is `${name}_tonight`).
 *
 * A household with more than one placement on the night (a split placement: a family in two
 * rooms) is counted once, in its main placement: the one not marked as split, then the latest
 * to start, then the latest recorded. The split unit is the extra room, so the main one says
 * where the household lives (see docs/decisions/0007-reports-count-each-household-once.md).
 *
 * The households and their main placements come from households_in_ta and the six-week count
 * from six_weeks_on (db/definitions/households-in-ta.ts), which Today and the household page
 * read too: one definition, so the pages agree by construction.
 */
export function nightFactsCte(asOf: IsoDate, gss: string | null, only: RawBuilder<unknown> | null = null, name = "facts") {
  const tonight = sql.ref(`${name}_tonight`);
  return sql`
    ${tonight} AS (
      SELECT t.*, (${gss}::text IS NOT NULL AND t.out_of_district) AS in_another_district
      FROM households_in_ta(${asOf}::date) t
      ${only === null ? sql`` : sql`WHERE t.household_id = ANY(${only}::bigint[])`}
    ),
    ${sql.ref(name)} AS (
      SELECT n.*, e.start_date AS episode_start, f.children, f.expected_children, f.adults,
             f.household_type, f.ta2_category AS ta2, f.with_children,
             -- A 16 or 17-year-old lead in B&B tonight: six_weeks_on's, as Today reads it (one definition).
             coalesce(s.in_bnb_tonight AND s.lead_16_17, false) AS lead_16_17,
             -- In B&B tonight and past the six-week limit: the one count (db/definitions/households-in-ta.ts).
             coalesce(s.in_bnb_tonight AND s.status = 'breach', false) AS bnb_over_limit,
             -- In B&B tonight: the nights counted and the status (Today's breaches and warnings).
             CASE WHEN s.in_bnb_tonight THEN s.nights END AS six_weeks_nights,
             CASE WHEN s.in_bnb_tonight THEN s.status END AS six_weeks_status
      FROM ${tonight} n
      LEFT JOIN episodes e ON e.id = n.episode_id
      LEFT JOIN six_weeks_on(${asOf}::date${only === null ? sql`` : sql`, ${only}::bigint[]`}) s ON s.household_id = n.household_id
      CROSS JOIN LATERAL household_facts_on(n.household_id, ${asOf}::date) f
    )`;
}

/** The same rows from the kept ones: households not stale as kept, the stale ones afresh. */
function keptNightCte(asOf: IsoDate, gss: string | null) {
  return sql`
    stale AS (
      SELECT coalesce(array_agg(household_id), '{}'::bigint[]) AS ids FROM ta_night_stale WHERE night = ${asOf}::date
    ),
    ${nightFactsCte(asOf, gss, sql`(SELECT ids FROM stale)`, "fresh")},
    facts AS (
      SELECT ${columnList("k")}, (${gss}::text IS NOT NULL AND k.out_of_district) AS in_another_district
      FROM ta_night_facts k
      WHERE k.night = ${asOf}::date AND NOT k.household_id = ANY((SELECT ids FROM stale)::bigint[])
      UNION ALL
      SELECT ${columnList("f")}, f.in_another_district FROM fresh f
    )`;
}

let ruleCache: string | null = null;
/** A hash of the SQL that computes a night's rows: rows kept by other code are not read. */
function ruleOf(db: Conn): string {
  ruleCache ??= createHash("sha256")
    .update(sql`WITH ${nightFactsCte("2000-01-01", null)} SELECT 1`.compile(db).sql)
    .digest("hex")
    .slice(0, 16);
  return ruleCache;
}

/** Brings the night's kept rows up to date, if the lock can be had at once; else leaves them. */
async function keepNight(db: Conn, asOf: IsoDate): Promise<void> {
  const rule = ruleOf(db);
  const state = async (c: Conn) =>
    (
      await sql<{ rule: string | null; stale: number }>`
        SELECT (SELECT rule FROM ta_nights_kept WHERE night = ${asOf}::date) AS rule,
               (SELECT count(*)::int FROM ta_night_stale WHERE night = ${asOf}::date) AS stale`.execute(c)
    ).rows[0];
  const before = await state(db);
  if (before.rule === rule && before.stale === 0) return;
  await db.transaction().execute(async (trx) => {
    // Writes to what the rows read wait until this commits; this does not wait for them.
    const got = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${TA_NIGHT_KEPT_LOCK}) AS got`.execute(trx);
    if (!got.rows[0].got) return;
    const now = await state(trx);
    const columns = sql.join(COLUMNS.map((c) => sql.ref(c)));
    if (now.rule !== rule) {
      await sql`DELETE FROM ta_nights_kept WHERE night = ${asOf}::date`.execute(trx);
      await sql`INSERT INTO ta_nights_kept (night, rule) VALUES (${asOf}::date, ${rule})`.execute(trx);
      await sql`
        INSERT INTO ta_night_facts (night, ${columns})
        WITH ${nightFactsCte(asOf, null)} SELECT ${asOf}::date, ${columnList("facts")} FROM facts`.execute(trx);
      await sql`
        DELETE FROM ta_nights_kept WHERE night NOT IN (
          SELECT night FROM ta_nights_kept ORDER BY computed_at DESC, night DESC LIMIT ${MAX_NIGHTS})`.execute(trx);
    } else if (now.stale > 0) {
      const ids = sql`(SELECT array_agg(household_id) FROM ta_night_stale WHERE night = ${asOf}::date)`;
      await sql`DELETE FROM ta_night_facts WHERE night = ${asOf}::date AND household_id = ANY(${ids}::bigint[])`.execute(trx);
      await sql`
        INSERT INTO ta_night_facts (night, ${columns})
        WITH ${nightFactsCte(asOf, null, ids)} SELECT ${asOf}::date, ${columnList("facts")} FROM facts`.execute(trx);
      await sql`DELETE FROM ta_night_stale WHERE night = ${asOf}::date`.execute(trx);
    }
  });
}

/**
 * Runs `read` with CTEs ending in `facts` (as nightFactsCte's, with in_another_district): the
 * households in TA on the night of D. Every query of `read` sees one snapshot. Inside a
 * transaction that may write (or see its own writes) the rows are computed afresh.
 */
export async function withNightFacts<T>(
  db: Conn,
  asOf: IsoDate,
  gss: string | null,
  read: (c: Conn, facts: RawBuilder<unknown>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction && !isReadSnapshot(db)) return read(db, nightFactsCte(asOf, gss));
  if (!db.isTransaction) await keepNight(db, asOf);
  const run = async (c: Conn) => {
    const kept = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ta_nights_kept WHERE night = ${asOf}::date AND rule = ${ruleOf(c)}`.execute(c);
    return read(c, kept.rows[0].n > 0 ? keptNightCte(asOf, gss) : nightFactsCte(asOf, gss));
  };
  if (db.isTransaction) return run(db);
  return db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(run);
}
