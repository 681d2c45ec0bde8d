import { describe, expect, it } from "vitest";
import { type ImportProblem } from "~/features/import/parse";
import { checkImportBatch, parseImportBatch, parseImportFile } from "../../support/reference-import";
import { GOOD, TODAY, goodFiles } from "./fixtures";

const options = { today: TODAY };

function problem(file: string, row: number | null, message: string, extra: Partial<ImportProblem> = {}): ImportProblem {
  return { file, row, ...extra, message, severity: extra.severity ?? "error" } as ImportProblem;
}

describe("a good set of all six files", () => {
  it("imports with no problems, typed and normalised", async () => {
    const batch = await parseImportBatch(goodFiles(), options);
    expect(batch.problems).toEqual([]);
    expect(batch.ok).toBe(true);
    expect(batch.templateVersion).toBe(1);
    expect(batch.files.map((f) => [f.file, f.rowsRead, f.records, f.errors])).toEqual([
      ["providers.csv", 3, 3, 0],
      ["units.csv", 4, 4, 0],
      ["unit_rates.csv", 5, 5, 0],
      ["households.csv", 3, 3, 0],
      ["members.csv", 5, 5, 0],
      ["placements.csv", 4, 4, 0],
    ]);
    expect(batch.records.providers[0]).toEqual({
      row: 2,
      providerName: "Northside Lettings Ltd",
      providerType: "agent",
      email: "bookings@northside.example",
      phone: "0161 496 0000",
    });
    expect(batch.records.unit_rates.map((r) => [r.unitRef, r.nightlyRatePence, r.effectiveFrom])).toEqual([
      ["NS-0042", 6450, "2025-04-01"],
      ["NS-0042", 6700, "2026-04-01"],
      ["NS-0043", 5500, "2025-04-01"],
      ["SH-101", 8500, "2025-04-01"],
      ["MCC-7", 0, "2025-04-01"],
    ]);
    expect(batch.records.households[0]).toEqual({
      row: 2,
      caseRef: "HL/2025/00123",
      leadName: "Amina Hassan",
      duty: "s193",
      stepFreeNeeded: false,
      supportNeeds: "Needs to stay near school in Moss Side, and a ground floor",
      awaitingSince: null,
    });
    expect(batch.records.members[0]).toEqual({
      row: 2,
      caseRef: "HL/2025/00123",
      name: "Amina Hassan",
      dateOfBirth: "1990-07-14",
      relationship: "lead",
      pregnant: false,
      sex: "female",
      pregnantSince: null,
    });
    expect(batch.records.members[3]).toMatchObject({ pregnant: false, sex: null });
    expect(batch.records.placements).toEqual([
      {
        row: 2,
        caseRef: "HL/2025/00123",
        unitRef: "SH-101",
        startDate: "2025-06-02",
        endDate: "2025-06-20",
        endReason: "Moved to a self-contained flat",
        destination: null,
        duty: null,
      },
      {
        row: 3,
        caseRef: "HL/2025/00123",
        unitRef: "NS-0042",
        startDate: "2025-06-20",
        endDate: null,
        endReason: null,
        destination: null,
        duty: null,
      },
      {
        row: 4,
        caseRef: "HL/2025/00124",
        unitRef: "NS-0043",
        startDate: "2025-05-01",
        endDate: "2025-09-15",
        endReason: "Accepted a social housing offer",
        destination: "social_housing",
        duty: null,
      },
      {
        row: 5,
        caseRef: "HL/2025/00125",
        unitRef: "SH-101",
        startDate: "2025-06-20",
        endDate: null,
        endReason: null,
        destination: null,
        duty: null,
      },
    ]);
  });

  it("gives empty records for files not in the batch", async () => {
    const batch = await parseImportBatch([{ name: "providers.csv", content: GOOD["providers.csv"] }], options);
    expect(batch.ok).toBe(true);
    expect(batch.records.units).toEqual([]);
  });
});

describe("references between files", () => {
  it("refuses a member without a household", async () => {
    const members = GOOD["members.csv"] + "HL/2025/00999,Sam Jones,2001-02-03,lead,,\n";
    const batch = await parseImportBatch(goodFiles({ "members.csv": members }), options);
    expect(batch.problems).toEqual([
      problem("members.csv", 7, "case_ref HL/2025/00999 does not match a household in households.csv or one already imported", {
        column: "case_ref",
        value: "HL/2025/00999",
      }),
    ]);
    expect(batch.ok).toBe(false);
  });

  it("accepts references to what is already in the database, as sets or as one lookup", async () => {
    const files = [
      {
        name: "members.csv",
        content: "case_ref,name,date_of_birth,relationship\nHL/OLD/1,Sam Jones,2001-02-03,child\nHL/NEW/2,Ann Lee,1970-01-01,lead\n",
      },
      {
        name: "placements.csv",
        content: "case_ref,unit_ref,start_date,end_date\nHL/OLD/1,U-OLD,2026-01-05,\nHL/OLD/1,U-NEW,2025-01-05,2026-01-05\n",
      },
      { name: "units.csv", content: GOOD["units.csv"].replace("Station Hotel,Station Hotel", "STATION  hotel,Station Hotel") },
    ];
    const asked: string[][] = [];
    const batch = await parseImportBatch(files, {
      ...options,
      existing: {
        caseRefs: async (refs) => {
          asked.push([...refs]);
          return refs.filter((r) => r.startsWith("HL/OLD"));
        },
        unitRefs: new Set(["U-OLD"]),
        providerNames: new Set(["Northside Lettings Ltd", "Station Hotel", "Manchester City Council"]),
      },
    });
    expect(asked).toEqual([["HL/OLD/1", "HL/NEW/2"], ["HL/OLD/1"]]);
    expect(batch.problems.map((p) => [p.file, p.row, p.column, p.message])).toEqual([
      ["members.csv", 3, "case_ref", "case_ref HL/NEW/2 does not match a household in households.csv or one already imported"],
      ["placements.csv", 3, "unit_ref", "unit_ref U-NEW does not match a unit in units.csv or one already imported"],
    ]);
  });

  it("refuses placements, units and rates that refer to nothing", async () => {
    const batch = await parseImportBatch(
      goodFiles({
        "units.csv": GOOD["units.csv"] + "X-1,Nobody Ltd,X House,1 X Street,Manchester,M1 1AA,E08000003,hostel,1,1,yes,yes,yes,no,,\n",
        "unit_rates.csv": GOOD["unit_rates.csv"] + "NS-9999,£60.00,2025-04-01\n",
        "placements.csv": GOOD["placements.csv"] + "HL/2025/00777,NS-9999,2025-06-01,2025-06-10,,other\n",
      }),
      options,
    );
    expect(batch.problems.map((p) => [p.file, p.row, p.column, p.message])).toEqual([
      ["units.csv", 6, "provider_name", "provider_name Nobody Ltd does not match a provider in providers.csv or one already imported"],
      ["unit_rates.csv", 7, "unit_ref", "unit_ref NS-9999 does not match a unit in units.csv or one already imported"],
      ["placements.csv", 6, "case_ref", "case_ref HL/2025/00777 does not match a household in households.csv or one already imported"],
      ["placements.csv", 6, "unit_ref", "unit_ref NS-9999 does not match a unit in units.csv or one already imported"],
    ]);
  });

  it("checks references on rows that have other problems too", async () => {
    const members = GOOD["members.csv"] + "HL/2025/00999,Sam Jones,31/02/2001,lead,,\n";
    const batch = await parseImportBatch(goodFiles({ "members.csv": members }), options);
    expect(batch.problems.map((p) => [p.row, p.column])).toEqual([
      [7, "case_ref"],
      [7, "date_of_birth"],
    ]);
  });

  it("does not check references into a file that could not be read", async () => {
    const batch = await parseImportBatch(
      goodFiles({ "households.csv": "case_ref;lead_name;duty\nHL/2025/00123;Amina Hassan;s193\n" }),
      options,
    );
    expect(batch.problems.map((p) => [p.file, p.row])).toEqual([["households.csv", 1]]);
  });

  it("refuses a second file of the same kind and a file it does not know", async () => {
    const batch = await parseImportBatch(
      [...goodFiles(), { name: "Providers.csv", content: GOOD["providers.csv"] }, { name: "notes.txt", content: "hello" }],
      options,
    );
    expect(batch.problems).toEqual([
      problem("Providers.csv", null, 'Only one providers.csv can be imported at a time, and "providers.csv" is also in this import'),
      problem(
        "notes.txt",
        null,
        '"notes.txt" is not a file in the import template. Name each file as one of: providers.csv, units.csv, unit_rates.csv, households.csv, members.csv, placements.csv, out_of_service.csv, inspections.csv, certificates.csv',
      ),
    ]);
    expect(batch.records.providers).toHaveLength(3);
    expect(batch.files.at(-2)).toMatchObject({ file: "Providers.csv", records: 0, errors: 1 });
  });
});

describe("duplicates", () => {
  it("refuses a case_ref used twice in households.csv", async () => {
    const households = GOOD["households.csv"] + "HL/2025/00123,Amina Hassan,s188,,\n";
    const batch = await parseImportBatch(goodFiles({ "households.csv": households }), options);
    expect(batch.problems).toEqual([
      problem("households.csv", 5, "case_ref HL/2025/00123 is already used on row 2", { column: "case_ref", value: "HL/2025/00123" }),
    ]);
    expect(batch.records.households).toHaveLength(3);
  });

  it("refuses a unit_ref, a provider name (whatever its case) and a rate used twice", async () => {
    const batch = await parseImportBatch(
      goodFiles({
        "providers.csv": GOOD["providers.csv"] + "STATION HOTEL,hotel,,\n",
        "units.csv": GOOD["units.csv"] + GOOD["units.csv"].split("\n")[3] + "\n",
        "unit_rates.csv": GOOD["unit_rates.csv"] + "NS-0042,£70.00,2025-04-01\n",
      }),
      options,
    );
    expect(batch.problems.map((p) => [p.file, p.row, p.column, p.message])).toEqual([
      ["providers.csv", 5, "provider_name", "provider_name STATION HOTEL is already used on row 3"],
      ["units.csv", 6, "unit_ref", "unit_ref SH-101 is already used on row 4"],
      ["unit_rates.csv", 7, "effective_from", "Unit NS-0042 already has a rate from 1 April 2025 on row 2"],
    ]);
  });

  it("refuses the same person twice in a household", async () => {
    const members = GOOD["members.csv"] + "HL/2025/00123,yusuf hassan,02/03/2016,child,,male\n";
    const parsed = await parseImportFile("members.csv", members, options);
    expect(parsed.problems).toEqual([
      problem("members.csv", 7, "This person is already on row 3 (same case_ref, name and date_of_birth)", {
        column: "name",
        value: "yusuf hassan",
      }),
    ]);
  });
});

describe("members", () => {
  it("refuses a second lead member", async () => {
    const members = GOOD["members.csv"] + "HL/2025/00123,Omar Hassan,1988-02-02,lead,,male\n";
    const batch = await parseImportBatch(goodFiles({ "members.csv": members }), options);
    expect(batch.problems).toEqual([
      problem("members.csv", 7, "Household HL/2025/00123 already has a lead member on row 2. Each household has exactly one lead", {
        column: "relationship",
        value: "lead",
      }),
    ]);
  });

  it("refuses a household with no lead member when members.csv comes with it", async () => {
    const members = GOOD["members.csv"].replace(
      "HL/2025/00124,John Smith,1985-01-31,lead",
      "HL/2025/00124,John Smith,1985-01-31,other_adult",
    );
    const batch = await parseImportBatch(goodFiles({ "members.csv": members }), options);
    expect(batch.problems).toEqual([
      problem("households.csv", 3, "Household HL/2025/00124 has no member with relationship lead in members.csv", {
        column: "case_ref",
        value: "HL/2025/00124",
      }),
    ]);
  });

  it("does not ask for a lead when members.csv is not imported, or the household is already in the database", async () => {
    const withoutMembers = goodFiles().filter((f) => f.name !== "members.csv");
    expect((await parseImportBatch(withoutMembers, options)).problems).toEqual([]);
    const members = "case_ref,name,date_of_birth,relationship\nHL/2025/00123,Amina Hassan,1990-07-14,lead\n";
    const batch = await parseImportBatch(goodFiles({ "members.csv": members }), {
      ...options,
      existing: { caseRefs: new Set(["HL/2025/00124", "HL/2025/00125"]) },
    });
    expect(batch.problems).toEqual([]);
  });

  it("refuses a date of birth in the future", async () => {
    const members =
      "case_ref,name,date_of_birth,relationship\nHL/2025/00123,Baby Hassan,2026-03-02,child\nHL/2025/00123,Amina Hassan,2026-03-01,lead\n";
    const parsed = await parseImportFile("members.csv", members, options);
    expect(parsed.problems).toEqual([
      problem("members.csv", 2, "date_of_birth must be today or in the past", { column: "date_of_birth", value: "2026-03-02" }),
    ]);
  });

  it("takes pregnant_since for a pregnant member only, and not in the future", async () => {
    const members = [
      "case_ref,name,date_of_birth,relationship,pregnant,pregnant_since",
      "HL/2025/00123,Amina Hassan,1990-07-14,lead,yes,10/01/2026",
      "HL/2025/00123,Bea Hassan,1992-01-01,partner,no,2026-01-10",
      "HL/2025/00123,Cy Hassan,1993-01-01,other_adult,yes,2026-03-02",
    ].join("\n");
    const parsed = await parseImportFile("members.csv", members, options);
    expect(parsed.problems).toEqual([
      problem("members.csv", 3, "Leave pregnant_since blank, or set pregnant to yes: it is the day a pregnancy became known", {
        column: "pregnant_since",
        value: "2026-01-10",
      }),
      problem("members.csv", 4, "pregnant_since must be today or in the past", { column: "pregnant_since", value: "2026-03-02" }),
    ]);
    expect(parsed.records[0]).toMatchObject({ pregnant: true, pregnantSince: "2026-01-10" });
  });
});

describe("units", () => {
  it("refuses retired_on on or before in_use_from", async () => {
    const units = GOOD["units.csv"]
      .replace("yes,2025-04-01,", "yes,2025-04-01,31/03/2025")
      .replace("TRUE,,2026-01-01", "TRUE,2026-01-01,2026-01-01")
      .replace("Y,01/04/2025,", "Y,01/04/2025,02/04/2025");
    const parsed = await parseImportFile("units.csv", units, options);
    expect(parsed.problems).toEqual([
      problem("units.csv", 2, "retired_on must be after in_use_from", { column: "retired_on", value: "2025-03-31" }),
      problem("units.csv", 5, "retired_on must be after in_use_from", { column: "retired_on", value: "2026-01-01" }),
    ]);
  });
});

describe("placements", () => {
  const header = "case_ref,unit_ref,start_date,end_date,end_reason,destination\n";
  const placements = async (rows: string) => (await parseImportFile("placements.csv", header + rows, options)).problems;

  it("refuses an end date that is not after the start date", async () => {
    expect(await placements("C1,U1,2026-01-05,2026-01-05,,other\nC2,U2,2026-01-05,04/01/2026,,other\n")).toEqual([
      problem("placements.csv", 2, "end_date must be after start_date", { column: "end_date", value: "2026-01-05" }),
      problem("placements.csv", 3, "end_date must be after start_date", { column: "end_date", value: "2026-01-04" }),
    ]);
  });

  it("refuses two placements in one unit on the same night, naming both rows", async () => {
    expect(await placements("C1,U1,2026-01-01,2026-01-10,,other\nC2,U1,2026-01-09,,,\n")).toEqual([
      problem("placements.csv", 3, "This placement overlaps the placement on row 2 in unit U1: both include the night of 9 January 2026", {
        column: "start_date",
        value: "2026-01-09",
      }),
    ]);
  });

  it("lets a unit be placed again on the day the last household leaves", async () => {
    expect(await placements("C1,U1,2026-01-01,2026-01-10,,other\nC2,U1,2026-01-10,,,\n")).toEqual([]);
  });

  it("finds an overlap with an open placement, whatever the row order", async () => {
    const rows = "C3,U1,2026-03-01,2026-03-05,,other\nC1,U1,2026-01-01,,,\nC2,U1,2026-02-01,2026-02-05,,other\n";
    expect((await placements(rows)).map((p) => [p.row, p.message])).toEqual([
      [2, "This placement overlaps the placement on row 3 in unit U1: both include the night of 1 March 2026"],
      [4, "This placement overlaps the placement on row 3 in unit U1: both include the night of 1 February 2026"],
    ]);
  });

  it("refuses overlapping placements of one household, allowing transfers", async () => {
    const rows = [
      "C1,U1,2026-01-01,2026-01-10,,", // transfer to U2 on 10 January
      "C1,U2,2026-01-10,2026-01-20,,", // transfer to U3 on 20 January
      "C1,U3,2026-01-20,,,",
      "C2,U4,2026-01-01,2026-01-15,,other",
      "C2,U5,2026-01-14,,,",
    ].join("\n");
    expect(await placements(rows + "\n")).toEqual([
      problem(
        "placements.csv",
        6,
        "This placement overlaps the placement on row 5 for household C2: both include the night of 14 January 2026. A household moving unit leaves one on the day it arrives at the next",
        { column: "start_date", value: "2026-01-14" },
      ),
    ]);
  });

  it("reports a placement repeated in the same unit once", async () => {
    expect((await placements("C1,U1,2026-01-01,,,\nC1,U1,2026-01-01,,,\n")).map((p) => p.message)).toEqual([
      "This placement overlaps the placement on row 2 in unit U1: both include the night of 1 January 2026",
    ]);
  });

  it("refuses a destination on a placement followed by a transfer", async () => {
    expect(await placements("C1,U1,2026-01-01,2026-01-10,Moved,private_rented\nC1,U2,2026-01-10,,,\n")).toEqual([
      problem(
        "placements.csv",
        2,
        "destination must be blank because the household moved to another unit: the placement on row 3 starts on the end date",
        { column: "destination", value: "private_rented" },
      ),
    ]);
  });

  it("warns when a household left with no destination", async () => {
    const parsed = await parseImportFile("placements.csv", header + "C1,U1,2026-01-01,2026-01-10,Left,\n", options);
    expect(parsed.problems).toEqual([
      problem(
        "placements.csv",
        2,
        "destination is blank, and the household did not move to another unit in placements.csv. Enter where the household went when it left temporary accommodation",
        { column: "destination", severity: "warning" },
      ),
    ]);
    expect(parsed.records).toHaveLength(1);
    const batch = await checkImportBatch([parsed], { existing: { caseRefs: new Set(["C1"]), unitRefs: new Set(["U1"]) } });
    expect(batch).toMatchObject({ ok: true, errors: 0, warnings: 1 });
  });

  it("refuses a destination or end reason while the household is still there", async () => {
    expect(await placements("C1,U1,2026-01-01,,Moved,social_housing\n")).toEqual([
      problem("placements.csv", 2, "end_reason must be blank when end_date is blank", { column: "end_reason", value: "Moved" }),
      problem("placements.csv", 2, "destination must be blank when end_date is blank", { column: "destination", value: "social_housing" }),
    ]);
  });
});
