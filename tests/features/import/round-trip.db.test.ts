/**
 * The data taken away is whole (issue 16, item 6): every file of the import template is
 * exported from the demo council and imported into an empty database, and every report
 * export must come out byte for byte the same. A file that contradicts itself is refused
 * with every problem listed, and nothing is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { parse as parseCsv } from "csv-parse/sync";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { getExport } from "~/features/exports.server";
import { importFiles, type ImportFileInput } from "~/features/import/import.server";
import type { ImportProblem } from "~/features/import/parse";
import { IMPORT_FILE_KINDS, IMPORT_TEMPLATE } from "~/features/import/template";
import type { ExportParams } from "~/lib/exports.server";
import type { Conn } from "~/lib/db/connect";

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

let demo: TestDatabase;
let empty: TestDatabase;
beforeAll(async () => {
  demo = await createTestDatabase();
  await loadDemoData(demo.db, { today: TODAY, households: 150, years: 1 });
  empty = await createTestDatabase();
}, 600_000);
afterAll(async () => {
  await demo?.close();
  await empty?.close();
});

async function exportText(db: Conn, name: string, params: Omit<ExportParams, "today"> = {}): Promise<string> {
  let s = "";
  for await (const chunk of getExport(name)!.run(db, { ...params, today: TODAY })) s += chunk;
  return s;
}

async function runImport(db: Conn, files: ImportFileInput[]) {
  const problems: ImportProblem[] = [];
  const result = await importFiles(db as never, files, {
    today: TODAY,
    userId: null,
    reference: "test",
    onProblems: (page) => void problems.push(...page),
  });
  return { result, problems, errors: problems.filter((p) => p.severity === "error") };
}

/**
 * What the import template does not carry and the council sets in Waypoint itself: its
 * own district (WAYPOINT_COUNCIL_GSS) and the LHA reference data subsidy is estimated from.
 */
async function copyCouncilSettings(from: Conn, to: Conn): Promise<void> {
  const settings = await from.selectFrom("settings").selectAll().execute();
  for (const s of settings) {
    const value = JSON.stringify(s.value);
    await to
      .insertInto("settings")
      .values({ key: s.key, value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
  }
  const brmas = await from.selectFrom("brmas").selectAll().execute();
  if (brmas.length) await to.insertInto("brmas").values(brmas).execute();
  const lha = await from.selectFrom("lha_rates").selectAll().execute();
  if (lha.length) await to.insertInto("lha_rates").values(lha).execute();
}

describe(`the template's files taken out of the demo council and imported into an empty database on ${ENGINE}`, () => {
  it("give byte-identical TA1, TA2, occupancy, length of stay, flow and spend", { timeout: 600_000 }, async () => {
    // cells the formula guard writes with an apostrophe, and a block-booked unit
    await sql`UPDATE households SET support_needs = '=1+1 is not a formula' WHERE id = (SELECT min(id) FROM households)`.execute(demo.db);
    await sql`UPDATE providers SET name = '@Home Lets' WHERE id = (SELECT min(id) FROM providers)`.execute(demo.db);
    await sql`UPDATE units SET paid_for = 'every_night' WHERE id = (SELECT min(id) FROM units)`.execute(demo.db);
    // a placement made under another duty than the household's now
    await sql`UPDATE placements SET duty = 'review_or_appeal' WHERE id = (SELECT min(id) FROM placements WHERE cancelled_at IS NULL)`.execute(
      demo.db,
    );
    const files: ImportFileInput[] = [];
    for (const kind of IMPORT_FILE_KINDS) files.push({ name: IMPORT_TEMPLATE[kind].fileName, content: await exportText(demo.db, kind) });
    // the demo has what the new files and columns carry
    const text = Object.fromEntries(files.map((f) => [f.name, f.content as string]));
    expect(text["out_of_service.csv"].split("\r\n").length).toBeGreaterThan(3);
    expect(text["unit_rates.csv"]).toMatch(/\r\n[^,]+,,\d{4}-\d{2}-\d{2},\d+\.\d{2}\r\n/); // a weekly rate, as weekly
    expect(text["units.csv"]).toContain(",every_night,");
    expect(text["placements.csv"]).toMatch(/,review_or_appeal\r\n/);
    expect(text["households.csv"]).toContain("'=1+1 is not a formula");
    expect(text["providers.csv"]).toContain("'@Home Lets");

    await copyCouncilSettings(demo.db, empty.db);
    const { result, errors } = await runImport(empty.db, files);
    expect(errors).toEqual([]);
    expect(result.ok).toBe(true);

    // the same data: the guard's apostrophe was taken off on the way in and put back on the way out
    for (const kind of IMPORT_FILE_KINDS) {
      expect(await exportText(empty.db, kind), `${kind} export`).toBe(text[IMPORT_TEMPLATE[kind].fileName]);
    }
    const needs = await sql<{ s: string }>`SELECT support_needs AS s FROM households WHERE support_needs LIKE '%formula'`.execute(empty.db);
    expect(needs.rows).toEqual([{ s: "=1+1 is not a formula" }]);
    for (const [name, params] of REPORTS) {
      expect(await exportText(empty.db, name, params), `${name} ${JSON.stringify(params)}`).toBe(await exportText(demo.db, name, params));
    }
  });
});

describe(`a file that contradicts itself on ${ENGINE}`, () => {
  it("is refused with every problem listed, and nothing saved", async () => {
    const before = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM out_of_service) + (SELECT count(*) FROM unit_rates) AS n`.execute(
      empty.db,
    );
    const { result, errors } = await runImport(empty.db, [
      { name: "providers.csv", content: "provider_name,provider_type\r\nContra Lets,agent\r\n" },
      {
        name: "units.csv",
        content:
          "unit_ref,provider_name,property_name,address_line_1,town,postcode,district_gss,ta_type,bedrooms,max_occupants,shared_kitchen,shared_bathroom,shared_toilet,step_free,paid_for\r\n" +
          "CX-1,Contra Lets,Contra House,1 Contra Road,Leeds,LS1 1AA,E08000035,hostel,1,2,no,no,no,no,every_night\r\n" +
          "CX-2,Contra Lets,Contra House,2 Contra Road,Leeds,LS1 1AA,E08000035,hostel,1,2,no,no,no,no,sometimes\r\n",
      },
      {
        name: "unit_rates.csv",
        content:
          "unit_ref,nightly_rate,effective_from,weekly_rate\r\nCX-1,50.00,2026-01-01,350.00\r\nCX-1,,2026-02-01,\r\nCX-1,,2026-03-01,400.00\r\n",
      },
      { name: "households.csv", content: "case_ref,lead_name,duty\r\nCX/1,Ada Contra,s193\r\n" },
      { name: "members.csv", content: "case_ref,name,date_of_birth,relationship\r\nCX/1,Ada Contra,1990-01-01,lead\r\n" },
      { name: "placements.csv", content: "case_ref,unit_ref,start_date,end_date,end_reason,destination\r\nCX/1,CX-1,2026-05-01,,,\r\n" },
      {
        name: "out_of_service.csv",
        content:
          "unit_ref,start_date,end_date,reason\r\nCX-1,2026-04-01,2026-05-10,Repairs\r\nCX-1,2026-03-01,2026-04-05,Damp\r\nCX-1,2026-06-01,2026-05-01,Backwards\r\n",
      },
    ]);
    expect(result.ok).toBe(false);
    expect(errors.map((e) => [e.file, e.row, e.column, e.message])).toEqual([
      ["units.csv", 3, "paid_for", expect.stringContaining("paid_for")],
      ["unit_rates.csv", 2, "weekly_rate", "Give nightly_rate or weekly_rate, not both"],
      ["unit_rates.csv", 3, "nightly_rate", "Enter nightly_rate or weekly_rate"],
      [
        "out_of_service.csv",
        2,
        "start_date",
        "This period overlaps the period on row 3 in unit CX-1: both include the night of 1 April 2026",
      ],
      [
        "out_of_service.csv",
        2,
        "start_date",
        "Unit CX-1 is out of service in this period, but the placement on row 2 of placements.csv includes the night of 1 May 2026",
      ],
      ["out_of_service.csv", 4, "end_date", "end_date must be after start_date"],
    ]);
    const after = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM out_of_service) + (SELECT count(*) FROM unit_rates) AS n`.execute(
      empty.db,
    );
    expect(after.rows[0].n).toEqual(before.rows[0].n);
  });
});

describe(`an out-of-service period against Waypoint on ${ENGINE}`, () => {
  it("is refused where it takes a night of a placement already in Waypoint, and saved where it does not", async () => {
    const [p] = (
      await sql<{ unit_ref: string; case_ref: string; start_date: string }>`
        SELECT u.unit_ref, h.case_ref, p.start_date FROM placements p JOIN units u ON u.id = p.unit_id JOIN households h ON h.id = p.household_id
        WHERE p.cancelled_at IS NULL AND p.end_date IS NULL ORDER BY p.id LIMIT 1`.execute(empty.db)
    ).rows;
    const file = (start: string, end: string) => [
      { name: "out_of_service.csv", content: `unit_ref,start_date,end_date,reason\r\n${p.unit_ref},${start},${end},Repairs\r\n` },
    ];
    const refused = await runImport(empty.db, file("2026-11-30", "2026-12-05"));
    expect(refused.result.ok).toBe(false);
    expect(refused.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^This period overlaps a placement already in Waypoint in unit ${p.unit_ref} \\(household ${p.case_ref.replace(/\//g, "\\/")}, from `,
        ),
      ),
    ]);
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM out_of_service`.execute(empty.db);
    const [free] = (
      await sql<{ unit_ref: string }>`
        SELECT u.unit_ref FROM units u WHERE NOT EXISTS (SELECT 1 FROM unit_calendar c WHERE c.unit_id = u.id AND c.nights && daterange('2027-01-01', NULL))
        ORDER BY u.id LIMIT 1`.execute(empty.db)
    ).rows;
    const saved = await runImport(empty.db, [
      { name: "out_of_service.csv", content: `unit_ref,start_date,end_date,reason\r\n${free.unit_ref},2027-01-01,2027-01-08,Repairs\r\n` },
    ]);
    expect(saved.errors).toEqual([]);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM out_of_service`.execute(empty.db)).rows[0].n).toBe(
      before.rows[0].n + 1,
    );
  });
});

describe(`the history export on ${ENGINE}`, () => {
  it("carries each placement's own duty, and cancelled placements with the day and the reason", async () => {
    const [p] = (
      await sql<{ id: number; case_ref: string; unit_ref: string }>`
        SELECT p.id, h.case_ref, u.unit_ref FROM placements p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = p.unit_id
        WHERE p.cancelled_at IS NULL AND p.end_date IS NOT NULL AND h.duty = 's193' ORDER BY p.id LIMIT 1`.execute(demo.db)
    ).rows;
    await sql`UPDATE placements SET duty = 's188' WHERE id = ${p.id}`.execute(demo.db);
    const [c] = (
      await sql<{ id: number; case_ref: string; unit_ref: string }>`
        SELECT p.id, h.case_ref, u.unit_ref FROM placements p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = p.unit_id
        WHERE p.cancelled_at IS NULL AND p.id <> ${p.id} ORDER BY p.id DESC LIMIT 1`.execute(demo.db)
    ).rows;
    await sql`UPDATE placements SET cancelled_at = '2026-11-20T12:00:00Z', cancel_reason = 'Booked in error' WHERE id = ${c.id}`.execute(
      demo.db,
    );

    const rows = parseCsv(await exportText(demo.db, "history"), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]).slice(-3)).toEqual(["placement_duty", "cancelled_on", "cancel_reason"]);
    const placed = rows.find((r) => r.case_ref === p.case_ref && r.unit_ref === p.unit_ref && r.placement_duty === "s188");
    expect(placed).toMatchObject({ duty: "s193", placement_duty: "s188", cancelled_on: "" });
    const cancelled = rows.find((r) => r.case_ref === c.case_ref && r.unit_ref === c.unit_ref && r.cancelled_on !== "");
    expect(cancelled).toMatchObject({ placement_no: "", cancelled_on: "2026-11-20", cancel_reason: "Booked in error" });
  });
});
