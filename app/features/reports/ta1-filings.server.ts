/**
 * Marking a quarter's TA1 as filed: Waypoint keeps the figures sent and the households
 * behind each line, and shows any difference from the figures recomputed now, with the
 * households behind it (a placement recorded late, a date corrected, a unit retyped).
 */
import { statutoryCounts, ta1Households } from "~/features/reports/reports.server";
import { TA1_LINES, TA1_LINE_LABELS, TA1_PAGE_ORDER, type Ta1Line } from "~/features/reports/reports";
import { Refusal } from "~/lib/refusal";
import { audit } from "~/lib/audit.server";
import { formatDate, type IsoDate } from "~/lib/dates";
import { isUniqueViolation } from "~/lib/db/errors";
import type { Conn } from "~/lib/db/connect";

export async function fileTa1(db: Conn, actorId: number, asOf: IsoDate, today: IsoDate): Promise<number> {
  if (asOf >= today) throw new Refusal("asOf", "A return can be marked as filed only for a night that has passed");
  try {
    return await db.transaction().execute(async (trx) => {
      // REPEATABLE READ is not needed: the counts and the households are read in one
      // transaction, and a filing is refused if one for the night exists.
      const [{ ta1 }, households] = await Promise.all([statutoryCounts(trx, asOf), ta1Households(trx, asOf)]);
      const filing = await trx
        .insertInto("ta1_filings")
        .values({ as_of: asOf, counts: JSON.stringify(ta1), filed_by: actorId })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = [...households].flatMap(([line, ids]) => ids.map((household_id) => ({ filing_id: filing.id, line, household_id })));
      for (let i = 0; i < rows.length; i += 5000)
        await trx
          .insertInto("ta1_filed_households")
          .values(rows.slice(i, i + 5000))
          .execute();
      await audit(trx, { userId: actorId, action: "file", entity: "ta1", entityId: filing.id, after: { asOf, counts: ta1 } });
      return filing.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new Refusal("asOf", `TA1 for ${formatDate(asOf)} is already marked as filed`);
    throw e;
  }
}

export interface Ta1Difference {
  line: Ta1Line;
  label: string;
  filed: number | null;
  now: number | null;
  /** Counted now, not in the filed return. */
  added: { id: number; caseRef: string }[];
  /** In the filed return, not counted now. */
  removed: { id: number; caseRef: string }[];
}

/** The filing for a night, if any, with each line whose figure or households changed since. */
export async function ta1Filing(db: Conn, asOf: IsoDate) {
  const filing = await db
    .selectFrom("ta1_filings as f")
    .leftJoin("users as u", "u.id", "f.filed_by")
    .select(["f.id", "f.counts", "f.filed_at", "u.name as filed_by"])
    .where("f.as_of", "=", asOf)
    .executeTakeFirst();
  if (!filing) return null;
  const [{ ta1: now }, households, filedRows] = await Promise.all([
    statutoryCounts(db, asOf),
    ta1Households(db, asOf),
    db.selectFrom("ta1_filed_households").select(["line", "household_id"]).where("filing_id", "=", filing.id).execute(),
  ]);
  const filedBy = new Map<string, Set<number>>();
  for (const r of filedRows) {
    if (!filedBy.has(r.line)) filedBy.set(r.line, new Set());
    filedBy.get(r.line)!.add(Number(r.household_id));
  }
  const differences: Ta1Difference[] = [];
  const ids = new Set<number>();
  const raw: { line: Ta1Line; added: number[]; removed: number[] }[] = [];
  for (const line of TA1_PAGE_ORDER) {
    const was = filedBy.get(line) ?? new Set<number>();
    const is = new Set(households.get(line) ?? []);
    const added = [...is].filter((h) => !was.has(h));
    const removed = [...was].filter((h) => !is.has(h));
    const filedN = filing.counts[line] ?? null;
    if (added.length || removed.length || filedN !== now[line]) {
      raw.push({ line, added, removed });
      for (const h of [...added, ...removed]) ids.add(h);
    }
  }
  const refs = ids.size
    ? new Map(
        (
          await db
            .selectFrom("households")
            .select(["id", "case_ref"])
            .where("id", "in", [...ids])
            .execute()
        ).map((h) => [h.id, h.case_ref]),
      )
    : new Map<number, string>();
  const named = (xs: number[]) => xs.map((id) => ({ id, caseRef: refs.get(id) ?? String(id) }));
  for (const r of raw)
    differences.push({
      line: r.line,
      label: TA1_LINE_LABELS[r.line],
      filed: filing.counts[r.line] ?? null,
      now: now[r.line],
      added: named(r.added),
      removed: named(r.removed),
    });
  return {
    filedAt: formatDate(filing.filed_at.toISOString().slice(0, 10)),
    filedBy: filing.filed_by,
    counts: Object.fromEntries(TA1_LINES.map((l) => [l, filing.counts[l] ?? null])) as Record<Ta1Line, number | null>,
    differences,
  };
}
