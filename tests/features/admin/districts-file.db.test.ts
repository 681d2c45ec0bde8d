/**
 * Loading the register of districts from the ONS names and codes file (issue 20, item 4;
 * ADR 0056), on a real database: an ONS-shaped file adds and renames and keeps the notice
 * addresses the council entered; every refused file leaves the table exactly as it was, with
 * the row named; loading the same file again changes nothing. The same loading runs behind
 * `waypoint districts import`, tested here through the command itself. And a unit's district
 * is named the same on its page and in the stock CSV, before and after a load.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { parse as parseCsv } from "csv-parse/sync";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeUnit } from "../../support/factories";
import {
  describeLoad,
  describeRefusal,
  loadDistricts,
  parseDistrictFile,
  type ParsedDistrictFile,
} from "~/features/admin/districts-file.server";
import { districtLabelOf } from "~/features/admin/districts.server";
import { districtsCommand } from "~/cli/districts";
import { describeChange } from "~/features/casework/history";
import { getUnit } from "~/features/stock/stock.server";
import { stockUnitsCsv } from "~/features/stock/stock-csv.server";
import { stockFilterSchema } from "~/features/stock/stock-search.server";
import { toCsv } from "~/lib/csv.server";

let t: TestDatabase;
let dir: string;
let adminId: number;

/** The register as the council kept it before any file: Liverpool under an old name, with its notice address. */
const KEPT = {
  gss: "E08000012",
  name: "Liverpool City",
  council: "Liverpool City Council (test)",
  notice_address: "Housing Options (test address)\n1 Example Street\nLiverpool\nL1 1AA",
  notice_email: "housing-options@liverpool.example",
};

/** As the Open Geography Portal gives it: a byte order mark, CRLF, LAD24NMW, ObjectId, a quoted name with a comma. */
const ONS_FILE =
  "\uFEFFLAD24CD,LAD24NM,LAD24NMW,ObjectId\r\n" +
  "E08000011,Knowsley,,1\r\n" +
  "E08000012,Liverpool,,2\r\n" +
  "E08000013,St Helens,,3\r\n" +
  'E06000023,"Bristol, City of",,4\r\n' +
  "W06000001,Isle of Anglesey,Ynys Môn,5\r\n" +
  "S12000033,Aberdeen City,,6\r\n";

const bytes = (s: string) => new TextEncoder().encode(s);
const rows = () => t.db.selectFrom("districts").selectAll().orderBy("gss").execute();
const auditCount = async () =>
  (
    await t.db
      .selectFrom("audit_events")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("entity", "=", "district")
      .executeTakeFirstOrThrow()
  ).n;

/** Runs `waypoint districts import <file>` on the test database: its exit code and what it printed. */
async function cli(content: string | Uint8Array, name = "LAD_MAY_2024_UK_NC.csv") {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((m: unknown) => void out.push(String(m)));
  const error = vi.spyOn(console, "error").mockImplementation((m: unknown) => void err.push(String(m)));
  try {
    const code = await districtsCommand(["import", file], { open: async () => ({ ...t, close: async () => {} }), usage: "usage" });
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "waypoint-districts-"));
  adminId = (
    await t.db
      .insertInto("users")
      .values({ email: "admin@example.test", name: "Admin User", role: "administrator", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await t.db
    .insertInto("districts")
    .values([
      KEPT,
      { gss: "E08000011", name: "Knowsley", council: "Knowsley Council", notice_address: "Housing Options (test address)\nHuyton" },
      { gss: "E06000006", name: "Halton", council: "", notice_address: "", notice_email: "" },
    ])
    .execute();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe(`loading the ONS list of districts on ${ENGINE}`, () => {
  it("reads the ONS file as downloaded: English rows by row, the others counted", () => {
    const parsed = parseDistrictFile(bytes(ONS_FILE));
    expect(parsed).toEqual({
      ok: true,
      outsideEngland: 2,
      districts: [
        { row: 2, gss: "E08000011", name: "Knowsley" },
        { row: 3, gss: "E08000012", name: "Liverpool" },
        { row: 4, gss: "E08000013", name: "St Helens" },
        { row: 5, gss: "E06000023", name: "Bristol, City of" },
      ],
    });
  });

  it("adds new codes, renames a changed name, keeps the council's notice address, removes nothing, and audits one event", async () => {
    const parsed = parseDistrictFile(bytes(ONS_FILE)) as Extract<ParsedDistrictFile, { ok: true }>;
    const counts = await loadDistricts(t.db, adminId, parsed, "LAD_MAY_2024_UK_NC.csv");
    expect(counts).toEqual({ added: 2, renamed: 1, unchanged: 1, outsideEngland: 2, notInFile: 1 });
    expect(describeLoad(counts)).toBe("2 added, 1 renamed, 1 unchanged, 2 outside England skipped");
    expect(await rows()).toEqual([
      { gss: "E06000006", name: "Halton", council: "", notice_address: "", notice_email: "" },
      { gss: "E06000023", name: "Bristol, City of", council: "", notice_address: "", notice_email: "" },
      {
        gss: "E08000011",
        name: "Knowsley",
        council: "Knowsley Council",
        notice_address: "Housing Options (test address)\nHuyton",
        notice_email: "",
      },
      { ...KEPT, name: "Liverpool" },
      { gss: "E08000013", name: "St Helens", council: "", notice_address: "", notice_email: "" },
    ]);
    const events = await t.db.selectFrom("audit_events").selectAll().where("entity", "=", "district").execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ user_id: adminId, action: "import", entity_id: "LAD_MAY_2024_UK_NC.csv" });
    const after = typeof events[0].after === "string" ? JSON.parse(events[0].after) : events[0].after;
    expect(after.counts).toEqual(counts);
    expect(after.renamed).toEqual([{ gss: "E08000012", from: "Liverpool City", to: "Liverpool" }]);
    expect(after.added.map((d: { gss: string }) => d.gss)).toEqual(["E08000013", "E06000023"]);
    expect(describeChange({ ...events[0], before: null, after }, () => undefined)).toBe(
      "Loaded the ONS list of districts: 2 added, 1 renamed, 1 unchanged",
    );
  });

  it("loading the same file again changes nothing: every district unchanged", async () => {
    const before = await rows();
    const r = await cli(ONS_FILE);
    expect(r).toEqual({
      code: 0,
      out: "Districts loaded from LAD_MAY_2024_UK_NC.csv: 0 added, 0 renamed, 4 unchanged, 2 outside England skipped.\n1 district is in the register but not in the file: kept.",
      err: "",
    });
    expect(await rows()).toEqual(before);
  });

  it("takes a plain gss,name file, and takes off the apostrophe Waypoint's CSV guard puts before a formula-like cell", async () => {
    const file = toCsv(["gss", "name"], [["E07000001", "-Dash District (test)"]]);
    expect(file).toContain("'-Dash District (test)");
    const parsed = parseDistrictFile(bytes(file));
    expect(parsed).toEqual({ ok: true, outsideEngland: 0, districts: [{ row: 2, gss: "E07000001", name: "-Dash District (test)" }] });
    // Another year's columns are read the same way.
    expect(parseDistrictFile("LAD23CD,LAD23NM\ne08000011,Knowsley\n")).toEqual({
      ok: true,
      outsideEngland: 0,
      districts: [{ row: 2, gss: "E08000011", name: "Knowsley" }],
    });
  });

  const long = "A".repeat(121);
  const refused: [string, string | Uint8Array, number | null, string][] = [
    [
      "a malformed English code",
      "LAD24CD,LAD24NM\nE08000011,Knowsley\nE0800001,Liverpool\n",
      3,
      "Row 3: LAD24CD must be the GSS code of an English district: E06, E07, E08 or E09 and 6 more digits, like E08000011 (the file has E0800001). Nothing was saved",
    ],
    [
      "an English code that is not a district's (a county)",
      "LAD24CD,LAD24NM\nE10000002,Buckinghamshire\n",
      2,
      "Row 2: LAD24CD must be the GSS code of an English district: E06, E07, E08 or E09 and 6 more digits, like E08000011 (the file has E10000002). Nothing was saved",
    ],
    [
      "an empty name",
      "\uFEFFLAD24CD,LAD24NM,LAD24NMW\r\nE08000011,Knowsley,\r\nE08000099,,\r\n",
      3,
      "Row 3: LAD24NM is blank: enter the district's name. Nothing was saved",
    ],
    ["a name over 120 characters", `gss,name\nE08000099,${long}\n`, 2, "Row 2: name must be 120 characters or fewer. Nothing was saved"],
    [
      "a code repeated",
      "LAD24CD,LAD24NM\nE08000011,Knowsley\nE08000013,St Helens\nE08000011,Knowsley\n",
      4,
      "Row 4: LAD24CD E08000011 is also on row 2: each district is in the file once. Nothing was saved",
    ],
    [
      "no header it knows",
      "code,district\nE08000011,Knowsley\n",
      1,
      "Row 1: The first row must be the header row of the ONS file, naming the columns LAD24CD and LAD24NM (or those of another year, like LAD23CD and LAD23NM), or gss and name. Nothing was saved",
    ],
    ["an empty file", new Uint8Array(0), null, "The file is empty. Nothing was saved"],
    ["a file of blank lines", "\r\n\r\n", null, "The file is empty. Nothing was saved"],
    ["a header and no districts", "LAD24CD,LAD24NM\r\n", 1, "Row 1: The file has a header row but no districts. Nothing was saved"],
    [
      "only districts outside England",
      "LAD24CD,LAD24NM\nW06000001,Isle of Anglesey\nS12000033,Aberdeen City\n",
      null,
      "The file has no English districts (codes starting E06, E07, E08 or E09). Nothing was saved",
    ],
    [
      "an Excel workbook",
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
      null,
      "The file is an Excel workbook or a zip file, not a CSV file. In Excel, choose Save As and then CSV UTF-8 (Comma delimited) (*.csv). Nothing was saved",
    ],
    [
      "binary data",
      new Uint8Array([0x4c, 0x41, 0x44, 0x00, 0x01, 0x02]),
      null,
      "The file is not a CSV file: it holds binary data (NUL bytes). Upload the data saved as CSV UTF-8 (Comma delimited) (*.csv). Nothing was saved",
    ],
    [
      "a file not saved as UTF-8",
      new Uint8Array([...bytes("LAD24CD,LAD24NM,LAD24NMW\nW06000001,Isle of Anglesey,Ynys M"), 0xf4, 0x6e, 0x0a]),
      null,
      "The file is not saved as UTF-8: it has a character that cannot be read (a file saved as CSV (Comma delimited) stores £ and accented letters differently). In Excel, choose Save As and then CSV UTF-8 (Comma delimited) (*.csv). Nothing was saved",
    ],
    [
      "a name with a comma not in quote marks",
      "LAD24CD,LAD24NM\nE08000011,Knowsley\nE06000023,Bristol, City of\n",
      3,
      "Row 3: This row has 3 cells, but the header row has 2. Check for a comma in a cell that is not inside quote marks. Nothing was saved",
    ],
    [
      "a quote mark never closed",
      'LAD24CD,LAD24NM\nE08000011,Knowsley\nE06000023,"Bristol, City of\n',
      3,
      "Row 3: A quote mark (\") opened in this row is never closed, so the rest of the file could not be read. Check the row's quote marks. Nothing was saved",
    ],
  ];

  it.each(refused)("refuses %s, naming the row, and changes nothing", async (_what, content, row, message) => {
    const before = await rows();
    const audits = await auditCount();
    const parsed = parseDistrictFile(typeof content === "string" ? bytes(content) : content);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0].row).toBe(row);
    expect(describeRefusal(parsed.problems)).toBe(message);
    // The command line refuses it too, with the row, exit code 1, and nothing saved.
    const r = await cli(content);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`Error: LAD_MAY_2024_UK_NC.csv, ${row === null ? "whole file" : `row ${row}`}: `);
    expect(r.err).toContain(`${message}.`);
    expect(await rows()).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it("lists every problem of a file with several, the first in the message", () => {
    const parsed = parseDistrictFile(bytes("LAD24CD,LAD24NM\nE0800001,Knowsley\nE08000012,\nW06000001,Isle of Anglesey\n"));
    expect(parsed).toEqual({
      ok: false,
      problems: [
        {
          row: 2,
          message:
            "LAD24CD must be the GSS code of an English district: E06, E07, E08 or E09 and 6 more digits, like E08000011 (the file has E0800001)",
        },
        { row: 3, message: "LAD24NM is blank: enter the district's name" },
      ],
    });
    expect(describeRefusal((parsed as Extract<ParsedDistrictFile, { ok: false }>).problems)).toMatch(
      /^The file has 2 problems, the first on row 2: LAD24CD must be/,
    );
  });

  it("the command line is refused without a file, exit code 2", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await districtsCommand(["import"], { open: async () => ({ ...t, close: async () => {} }), usage: "usage" })).toBe(2);
    expect(
      await districtsCommand(["import", path.join(dir, "none.csv")], { open: async () => ({ ...t, close: async () => {} }), usage: "" }),
    ).toBe(2);
    expect(error.mock.calls.map((c) => String(c[0]))).toEqual([
      "Use: waypoint districts import <file.csv>\n\nusage",
      `No such file: ${path.join(dir, "none.csv")}`,
    ]);
    error.mockRestore();
  });
});

describe(`a unit's district on its page and in the stock CSV on ${ENGINE}`, () => {
  it("agree: the register's name beside the code where it names the district, the bare code where it does not", async () => {
    const named = await makeUnit(t.db, { district: "E08000011" });
    const unnamed = await makeUnit(t.db, { district: "E07000999" });
    // A unit's own district (another block of the property) is the one shown.
    const own = await makeUnit(t.db, { district: "E07000999" });
    await t.db.updateTable("units").set({ district_gss: "E08000013" }).where("id", "=", own.id).execute();
    const day = "2026-11-23";
    const csvNames = async () => {
      const csv = parseCsv(await stockUnitsCsv(t.db, stockFilterSchema.parse({}), day), { columns: true }) as Record<string, string>[];
      return new Map(csv.map((r) => [r.unit_ref, { gss: r.district_gss, name: r.district_name }]));
    };
    const pageName = async (id: number) => {
      const { unit } = await getUnit(t.db, id);
      return districtLabelOf(t.db, unit.district_gss);
    };
    const check = async (expected: Record<string, [string, string, string]>) => {
      const csv = await csvNames();
      for (const [ref, id] of [
        [named.unit_ref, named.id],
        [unnamed.unit_ref, unnamed.id],
        [own.unit_ref, own.id],
      ] as const) {
        const [gss, name, label] = expected[ref];
        expect(csv.get(ref)).toEqual({ gss, name });
        expect(await pageName(id)).toBe(label);
        // The page's words are the CSV's two columns, read the one way.
        expect(label).toBe(name ? `${name} (${gss})` : gss);
      }
    };
    await check({
      [named.unit_ref]: ["E08000011", "Knowsley", "Knowsley (E08000011)"],
      [unnamed.unit_ref]: ["E07000999", "", "E07000999"],
      [own.unit_ref]: ["E08000013", "St Helens", "St Helens (E08000013)"],
    });
    // A load that renames one district and names another: both follow, in step.
    const r = await cli("gss,name\r\nE08000011,Knowsley (renamed for the test)\r\nE07000999,Testshire District\r\n", "names.csv");
    expect(r.code).toBe(0);
    await check({
      [named.unit_ref]: ["E08000011", "Knowsley (renamed for the test)", "Knowsley (renamed for the test) (E08000011)"],
      [unnamed.unit_ref]: ["E07000999", "Testshire District", "Testshire District (E07000999)"],
      [own.unit_ref]: ["E08000013", "St Helens", "St Helens (E08000013)"],
    });
  });
});
