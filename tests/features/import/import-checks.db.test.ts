/**
 * The checks across rows and files are made twice: in memory by the parser
 * (parseImportBatch, the reference, tested in tests/features/import) and in SQL
 * over the staged rows by importFiles (what the app and the command line run,
 * so memory stays flat). These tests hold the two to the same problems, in the
 * same order, with the same rows, columns, values and messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { type ImportProblem } from "~/features/import/parse";
import { parseImportBatch } from "../../support/reference-import";
import { importFiles, type ImportFileInput } from "~/features/import/import.server";
import { GOOD, TODAY, goodFiles } from "./fixtures";
import { generateImportSet } from "../../support/import-set";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // a household and a unit already in Waypoint, for references to them
  const base = await importFiles(
    t.db,
    [
      { name: "providers.csv", content: "provider_name,provider_type\nOld Lets,agent\n" },
      {
        name: "units.csv",
        content:
          "unit_ref,provider_name,property_name,address_line_1,town,postcode,district_gss,ta_type,bedrooms,max_occupants,shared_kitchen,shared_bathroom,shared_toilet,step_free\nU-OLD,Old Lets,Old House,1 Old Road,Leeds,LS1 1AA,E08000035,hostel,1,2,no,no,no,no\n",
      },
      { name: "households.csv", content: "case_ref,lead_name,duty\nHL/OLD/1,Olga Old,s188\n" },
    ],
    { today: TODAY, userId: null },
  );
  if (!base.ok) throw new Error("the base import failed");
});
afterAll(async () => {
  await t?.close();
});

async function inSql(files: ImportFileInput[]) {
  const problems: ImportProblem[] = [];
  const result = await importFiles(t.db, files, {
    today: TODAY,
    userId: null,
    dryRun: true,
    onProblems: (page) => void problems.push(...page),
  });
  return { result, problems };
}

async function inMemory(files: ImportFileInput[]) {
  const existing = async (table: "households" | "units" | "providers", column: string) =>
    new Set(
      (
        await t.db
          .selectFrom(table)
          .select(`${column} as v` as never)
          .execute()
      ).map((r) => (r as unknown as { v: string }).v),
    );
  return parseImportBatch(files, {
    today: TODAY,
    existing: {
      caseRefs: await existing("households", "case_ref"),
      unitRefs: await existing("units", "unit_ref"),
      providerNames: await existing("providers", "name"),
    },
  });
}

async function same(files: ImportFileInput[]) {
  const reference = await inMemory(files);
  const { result, problems } = await inSql(files);
  expect(problems).toEqual(reference.problems);
  expect(result.errors).toBe(reference.errors);
  expect(result.warnings).toBe(reference.warnings);
  expect(result.files.map((f) => [f.file, f.rowsRead, f.records, f.errors, f.warnings])).toEqual(
    reference.files.map((f) => [f.file, f.rowsRead, f.records, f.errors, f.warnings]),
  );
  return problems;
}

const placementsHeader = "case_ref,unit_ref,start_date,end_date,end_reason,destination\n";
const withPlacements = (rows: string) => goodFiles({ "placements.csv": placementsHeader + rows });

describe(`the SQL checks give the parser's problems on ${ENGINE}`, () => {
  const cases: [string, ImportFileInput[]][] = [
    ["a good set", goodFiles()],
    ["a member without a household", goodFiles({ "members.csv": GOOD["members.csv"] + "HL/2025/00999,Sam Jones,2001-02-03,lead,,\n" })],
    [
      "references to nothing, and to what is already in Waypoint",
      goodFiles({
        "units.csv":
          GOOD["units.csv"] +
          "X-1,Nobody Ltd,X House,1 X Street,Manchester,M1 1AA,E08000003,hostel,1,1,yes,yes,yes,no,,\nX-2,OLD  lets,X House,1 X Street,Manchester,M1 1AA,E08000003,hostel,1,1,yes,yes,yes,no,,\n",
        "unit_rates.csv": GOOD["unit_rates.csv"] + "NS-9999,£60.00,2025-04-01\nU-OLD,£61.00,2025-04-01\n",
        "members.csv": GOOD["members.csv"] + "HL/OLD/1,Olga Old,1970-01-01,lead,,\n",
        "placements.csv":
          GOOD["placements.csv"] + "HL/2025/00777,NS-9999,2025-06-01,2025-06-10,,other\nHL/OLD/1,U-OLD,2025-06-01,2025-06-10,,other\n",
      }),
    ],
    [
      "references on rows with other problems",
      goodFiles({ "members.csv": GOOD["members.csv"] + "HL/2025/00999,Sam Jones,31/02/2001,lead,,\n" }),
    ],
    ["a file that could not be read", goodFiles({ "households.csv": "case_ref;lead_name;duty\nHL/2025/00123;Amina Hassan;s193\n" })],
    [
      "a second file of a kind, and a file not in the template",
      [
        ...goodFiles(),
        { name: "Providers.csv", content: GOOD["providers.csv"] + "Station Hotel,hotel,,\n" },
        { name: "notes.txt", content: "hello" },
      ],
    ],
    [
      "duplicates of every kind",
      goodFiles({
        "providers.csv": GOOD["providers.csv"] + "STATION HOTEL,hotel,,\n",
        "units.csv": GOOD["units.csv"] + GOOD["units.csv"].split("\n")[3] + "\n",
        "unit_rates.csv": GOOD["unit_rates.csv"] + "NS-0042,£70.00,2025-04-01\nNS-0042,£71.00,01/04/2025\n",
        "households.csv": GOOD["households.csv"] + "HL/2025/00123,Amina Hassan,s188,,\nHL/2025/00123,Amina Hassan,s999,,\n",
        "members.csv":
          GOOD["members.csv"] +
          "HL/2025/00123,yusuf hassan,02/03/2016,child,,male\nHL/2025/00123,Omar Hassan,1988-02-02,lead,,male\nHL/2025/00124,John  SMITH,1985-01-31,lead,,\n",
      }),
    ],
    [
      "a household with no lead",
      goodFiles({
        "members.csv": GOOD["members.csv"].replace(
          "HL/2025/00124,John Smith,1985-01-31,lead",
          "HL/2025/00124,John Smith,1985-01-31,other_adult",
        ),
      }),
    ],
    [
      "row checks: dates of birth, retirements, ends",
      goodFiles({
        "members.csv": GOOD["members.csv"] + "HL/2025/00123,Baby Hassan,2026-03-02,child,,\n",
        "units.csv": GOOD["units.csv"].replace("yes,2025-04-01,", "yes,2025-04-01,31/03/2025"),
      }),
    ],
    [
      "overlaps in a unit, whatever the order",
      withPlacements(
        "HL/2025/00123,SH-101,2026-03-01,2026-03-05,,other\nHL/2025/00124,SH-101,2026-01-01,,,\nHL/2025/00125,SH-101,2026-02-01,2026-02-05,,other\n",
      ),
    ],
    [
      "overlaps of a household, with transfers",
      withPlacements(
        [
          "HL/2025/00123,SH-101,2026-01-01,2026-01-10,,",
          "HL/2025/00123,NS-0042,2026-01-10,2026-01-20,,",
          "HL/2025/00123,NS-0043,2026-01-20,,,",
          "HL/2025/00124,MCC-7,2026-01-01,2026-01-15,,other",
          "HL/2025/00124,SH-101,2026-01-14,,,",
          "HL/2025/00125,SH-101,2025-01-01,,,",
          "HL/2025/00125,SH-101,2025-01-01,,,",
        ].join("\n") + "\n",
      ),
    ],
    [
      "destinations and warnings",
      withPlacements(
        [
          "HL/2025/00123,SH-101,2026-01-01,2026-01-10,Moved,private_rented",
          "HL/2025/00123,NS-0042,2026-01-10,,,",
          "HL/2025/00124,NS-0043,2026-01-01,2026-01-10,Left,",
          "HL/2025/00125,MCC-7,2026-01-01,,Moved,social_housing",
          "HL/2025/00125,MCC-7,2026-02-01,2026-01-01,,",
        ].join("\n") + "\n",
      ),
    ],
    [
      "out-of-service periods overlapping each other and a placement, an unknown unit, and rates given twice or not at all",
      [
        ...goodFiles({
          "unit_rates.csv":
            "unit_ref,nightly_rate,effective_from,weekly_rate\nNS-0042,£64.50,2025-04-01,\nNS-0043,55.00,2025-04-01,385.00\nSH-101,,2025-04-01,\nMCC-7,,2025-04-01,0\n",
        }),
        {
          name: "out_of_service.csv",
          content: [
            "unit_ref,start_date,end_date,reason",
            "NS-0043,2025-04-01,2025-05-02,Repairs",
            "NS-0043,2025-04-10,2025-04-20,Damp",
            "MCC-7,2025-01-01,2025-02-01,Void",
            "NOPE-1,2025-01-01,,Gone",
            "MCC-7,2025-03-01,2025-02-01,Backwards",
          ].join("\n"),
        },
      ],
    ],
  ];
  for (const [name, files] of cases) {
    it(name, async () => {
      const problems = await same(files);
      if (name !== "a good set") expect(problems.length).toBeGreaterThan(0);
    });
  }

  it("a generated set with overlapping copies of many placements", async () => {
    const set = generateImportSet({ households: 150, seed: 5, today: TODAY });
    const lines = set["placements.csv"].split("\r\n");
    const extra: string[] = [];
    lines.slice(1).forEach((line, i) => {
      if (!line || i % 5 !== 0) return;
      const cells = line.split(",");
      // the same household a day later in another unit, and another household in the same unit
      extra.push([cells[0], lines[1 + ((i + 7) % (lines.length - 2))].split(",")[1], ...cells.slice(2)].join(","));
      extra.push([lines[1 + ((i + 3) % (lines.length - 2))].split(",")[0], ...cells.slice(1)].join(","));
    });
    const files = Object.entries({ ...set, "placements.csv": set["placements.csv"] + extra.join("\r\n") + "\r\n" }).map(
      ([name, content]) => ({ name, content }),
    );
    const problems = await same(files);
    expect(problems.filter((p) => /overlaps the placement on row/.test(p.message)).length).toBeGreaterThan(20);
  });
});

describe(`problems found by the SQL checks on ${ENGINE}`, () => {
  it("names the file, row and column of a reference into another file", async () => {
    const { result, problems } = await inSql(
      withPlacements("HL/2025/00123,SH-101,2025-06-02,,,\nHL/2025/00124,NO-SUCH-UNIT,2025-05-01,,,\n"),
    );
    expect(result.ok).toBe(false);
    expect(problems).toEqual([
      {
        file: "placements.csv",
        row: 3,
        column: "unit_ref",
        value: "NO-SUCH-UNIT",
        message: "unit_ref NO-SUCH-UNIT does not match a unit in units.csv or one already imported",
        severity: "error",
      },
    ]);
  });

  it("lists every problem of a file that is all errors, not only the first thousand", async () => {
    const lines = ["case_ref,lead_name,duty"];
    for (let i = 0; i < 2500; i++) lines.push(`BAD/${i},Person ${i},s999`);
    const { result, problems } = await inSql([{ name: "households.csv", content: lines.join("\r\n") }]);
    expect(result.ok).toBe(false);
    expect(result.errors).toBe(2500);
    expect(result.files[0]).toMatchObject({ rowsRead: 2500, errors: 2500, problemsOmitted: 0 });
    expect(problems).toHaveLength(2500);
    expect(problems.map((p) => p.row)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 2));
    expect(problems[2499]).toMatchObject({ file: "households.csv", row: 2501, column: "duty", value: "s999" });
  });
});
