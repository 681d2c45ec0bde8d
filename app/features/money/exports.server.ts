/**
 * Money exports. `spend`: gross, estimated subsidy and net cost of the occupied nights in
 * a period (both dates included), for all placements and per TA type code.
 * Columns: group,nights,gross,subsidy,net (pounds, two decimals), then (added December 2026)
 * void_nights,void_cost: nights paid for with nobody placed (units paid for every night) and
 * their cost at the units' rates, pounds like gross. A published interface: add, never change.
 */
import { registerExport } from "~/lib/exports.server";
import { csvLine } from "~/lib/csv.server";
import { spendBy, type SpendRow } from "~/features/money/spend.server";
import { addDays, financialYearStart } from "~/lib/dates";
import { penceToPounds2dp } from "~/features/money/money";
import type { Conn } from "~/lib/db/connect";

export const SPEND_COLUMNS = ["group", "nights", "gross", "subsidy", "net", "void_nights", "void_cost"] as const;

const money = (r: SpendRow) => [
  r.nights,
  penceToPounds2dp(r.grossPence),
  penceToPounds2dp(r.subsidyPence),
  penceToPounds2dp(r.netPence),
  r.voidNights,
  penceToPounds2dp(r.voidPence),
];

/** Rows of the spend export for nights from `from` to `to`, both included. */
export async function spendExportRows(db: Conn, from: string, to: string): Promise<(string | number)[][]> {
  const end = addDays(to, 1);
  const [all] = await spendBy(db, { from, to: end, group: "all" });
  const types = await db.selectFrom("ta_types").select("code").orderBy("sort_order").orderBy("code").execute();
  const byType = new Map((await spendBy(db, { from, to: end, group: "ta_type" })).map((r) => [r.key, r]));
  const zero = { nights: 0, grossPence: 0, subsidyPence: 0, netPence: 0, voidNights: 0, voidPence: 0 } as SpendRow;
  return [["all", ...money(all ?? zero)], ...types.map((t) => [t.code, ...money(byType.get(t.code) ?? zero)])];
}

registerExport({
  name: "spend",
  description:
    "Gross cost, estimated housing benefit subsidy and net cost of the nights occupied in the period (both dates included), and the nights paid for with nobody placed (void) and their cost: all, and per TA type",
  params: ["from", "to"],
  async *run(db, params) {
    const to = params.to ?? addDays(params.today, -1);
    const from = params.from ?? financialYearStart(to);
    yield csvLine([...SPEND_COLUMNS]);
    if (to < from) return;
    for (const row of await spendExportRows(db, from, to)) yield csvLine(row);
  },
});
