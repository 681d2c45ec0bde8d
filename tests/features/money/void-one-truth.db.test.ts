/**
 * One truth (issue 18): the void cost the money page shows for a quarter (the sum of its
 * three months) is the void_cost of `waypoint export spend` for the same dates, in total and
 * per TA type, on the demo council.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { spendPage, spendView } from "~/features/money/spend.server";
import { voidBy } from "~/features/money/void.server";
import { penceToPounds2dp } from "~/features/money/money";
import { getExport } from "~/features/exports.server";
import "~/features/money/exports.server";

const TODAY = "2026-11-23";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, { today: TODAY, households: 300, years: 2, seed: 7 });
}, 600_000);
afterAll(async () => {
  await t?.close();
});

async function exportSpend(from: string, to: string) {
  let text = "";
  for await (const chunk of getExport("spend")!.run(t.db, { from, to, today: TODAY })) text += chunk;
  const [header, ...lines] = text.trim().split("\r\n");
  const cols = header.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

describe(`void cost, the money page and the spend export on ${ENGINE}`, () => {
  it("agree for a quarter: the page's three months add up to the export's void_cost, in total and per TA type", async () => {
    const page = await spendPage(t.db, TODAY);
    const quarter = page.month.filter((m) => ["2026-07", "2026-08", "2026-09"].includes(m.key));
    expect(quarter).toHaveLength(3);
    const pagePence = quarter.reduce((s, m) => s + m.voidPence, 0);
    const pageNights = quarter.reduce((s, m) => s + m.voidNights, 0);
    // The demo's leased voids, July to September 2026: 4,587 nights, £191,895.18.
    expect([pageNights, pagePence]).toEqual([4_587, 19_189_518]);

    const rows = await exportSpend("2026-07-01", "2026-09-30");
    const all = rows.find((r) => r.group === "all")!;
    expect(all.void_cost).toBe(penceToPounds2dp(pagePence));
    expect(Number(all.void_nights)).toBe(pageNights);
    const byType = rows.filter((r) => r.group !== "all");
    const sumPence = byType.reduce((s, r) => s + Math.round(Number(r.void_cost) * 100), 0);
    expect(sumPence).toBe(pagePence);

    // Per TA type: the export's rows are the void pieces of the quarter grouped by type, as the
    // page's TA type view groups them over its own dates.
    const types = await voidBy(t.db, { from: "2026-07-01", to: "2026-10-01", group: "ta_type" });
    for (const ty of types) expect(rows.find((r) => r.group === ty.key)?.void_cost).toBe(penceToPounds2dp(ty.voidPence));
    expect((await spendView(t.db, TODAY, "month")).filter((m) => quarter.some((q) => q.key === m.key))).toEqual(quarter);
  }, 120_000);
});
