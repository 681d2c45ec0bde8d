/**
 * inspections.csv and certificates.csv (issue 21): new optional files of the import template.
 * Good rows are added, matched again on a second import (nothing changes), and feed
 * unit_standards; bad rows (a grade outside A to E, an inspection in the future, an expiry
 * before the issue date, an unknown unit, a duplicate) refuse the import and save nothing;
 * the exports import back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeUnit } from "../../support/factories";
import { importFiles, type ImportFileInput } from "~/features/import/import.server";
import type { ImportProblem } from "~/features/import/parse";
import { getExport } from "~/features/exports.server";
import { standingOfUnits } from "~/features/standards/standards.server";

const TODAY = "2026-03-01";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function run(files: Record<string, string>, dryRun = false) {
  const problems: ImportProblem[] = [];
  const result = await importFiles(
    t.db,
    Object.entries(files).map(([name, content]): ImportFileInput => ({ name, content })),
    { today: TODAY, userId: null, reference: "test", dryRun, onProblems: (page) => void problems.push(...page) },
  );
  return { result, problems };
}
const counts = async () =>
  (
    await sql<{ i: number; w: number; c: number }>`SELECT (SELECT count(*)::int FROM inspections) AS i,
      (SELECT count(*)::int FROM inspection_works) AS w, (SELECT count(*)::int FROM certificates) AS c`.execute(t.db)
  ).rows[0];

describe(`importing inspections and certificates on ${ENGINE}`, () => {
  it("adds them, changes nothing the second time, refuses bad rows saving nothing, and exports them back", async () => {
    const a = await makeUnit(t.db);
    const b = await makeUnit(t.db);
    const inspections = [
      "unit_ref,whole_property,inspected_on,inspector,grade,findings,works,works_due,works_completed,reinspect_on",
      `${a.unit_ref},yes,2026-01-10,Inspection scheme: A. Smith,E,No fire detection,Fit fire detection,2026-01-24,,2026-04-10`,
      `${b.unit_ref},,12/02/2026,Inspection scheme: A. Smith,c,,Fix the handrail,2026-02-20,,`,
    ].join("\n");
    const certificates = [
      "unit_ref,whole_property,certificate,issued_on,expires_on,reference",
      `${a.unit_ref},yes,gas_safety,2025-01-05,2026-01-05,GS-1`,
      `${b.unit_ref},no,eicr,2024-06-01,2029-06-01,`,
    ].join("\n");
    const first = await run({ "inspections.csv": inspections, "certificates.csv": certificates });
    expect(first.problems).toEqual([]);
    expect(first.result.counts?.inspections).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(first.result.counts?.certificates).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await counts()).toEqual({ i: 2, w: 2, c: 2 });
    const rows = await t.db.selectFrom("inspections").select(["property_id", "unit_id", "grade"]).orderBy("id").execute();
    expect(rows).toEqual([
      { property_id: a.property_id, unit_id: null, grade: "E" },
      { property_id: b.property_id, unit_id: b.id, grade: "C" },
    ]);
    const standing = await standingOfUnits(t.db, [a.id, b.id], TODAY);
    expect(standing.get(a.id)!.doNotUse.map((d) => d.code)).toEqual(["grade_e", "works_overdue"]);
    expect(standing.get(a.id)!.expired.map((d) => d.code)).toEqual(["expired_gas_safety"]);
    expect(standing.get(b.id)!.doNotUse.map((d) => d.code)).toEqual(["works_overdue"]);

    const again = await run({ "inspections.csv": inspections, "certificates.csv": certificates });
    expect(again.result.counts?.inspections).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(again.result.counts?.certificates).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(await counts()).toEqual({ i: 2, w: 2, c: 2 });

    // Works completed, given later, are kept; a renewed certificate's expiry is updated.
    const later = await run({
      "inspections.csv": inspections.replace("Fix the handrail,2026-02-20,,", "Fix the handrail,2026-02-20,2026-02-18,"),
      "certificates.csv": certificates.replace("2029-06-01,", "2029-06-01,EICR-9"),
    });
    expect(later.result.counts?.certificates).toEqual({ added: 0, updated: 1, unchanged: 1 });
    expect((await standingOfUnits(t.db, [b.id], TODAY)).get(b.id)!.doNotUse).toEqual([]);

    const bad = await run({
      "inspections.csv": [
        "unit_ref,inspected_on,inspector,grade",
        `${a.unit_ref},2026-03-02,X,B`,
        `${a.unit_ref},2026-02-01,X,F`,
        `NO-SUCH-UNIT,2026-02-01,X,A`,
        `${b.unit_ref},2026-02-02,X,A`,
        `${b.unit_ref},2026-02-02,Y,B`,
      ].join("\n"),
      "certificates.csv": ["unit_ref,certificate,issued_on,expires_on", `${b.unit_ref},epc,2026-02-01,2026-01-01`].join("\n"),
    });
    expect(bad.result.ok).toBe(false);
    expect(bad.problems.map((p) => [p.file, p.row, p.column, p.message])).toEqual([
      ["inspections.csv", 2, "inspected_on", "inspected_on must be today or in the past"],
      ["inspections.csv", 3, "grade", expect.stringContaining("grade")],
      ["inspections.csv", 4, "unit_ref", "unit_ref NO-SUCH-UNIT does not match a unit in units.csv or one already imported"],
      ["inspections.csv", 6, "inspected_on", `Unit ${b.unit_ref} already has an inspection on 2 February 2026 on row 5`],
      ["certificates.csv", 2, "expires_on", "expires_on must be after issued_on"],
    ]);
    expect(await counts()).toEqual({ i: 2, w: 2, c: 2 });

    // The exports import back: the same rows, nothing changed.
    const text = async (name: string) => {
      let s = "";
      for await (const chunk of getExport(name)!.run(t.db, { today: TODAY })) s += chunk;
      return s;
    };
    const back = await run({ "inspections.csv": await text("inspections"), "certificates.csv": await text("certificates") });
    expect(back.problems).toEqual([]);
    expect(back.result.counts?.inspections).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(back.result.counts?.certificates).toEqual({ added: 0, updated: 0, unchanged: 2 });
  });
});
