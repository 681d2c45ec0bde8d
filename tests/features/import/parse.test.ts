import { describe, expect, it } from "vitest";
import { IMPORT_MESSAGES, type ImportProblem } from "~/features/import/parse";
import { parseImportFile, type ImportRecords, type ParsedImportFile } from "../../support/reference-import";
import type { ImportFileKind } from "~/features/import/template";
import { GOOD, TODAY } from "./fixtures";

const options = { today: TODAY };
const SAVE_AS = "In Excel, choose Save As and then CSV UTF-8 (Comma delimited) (*.csv)";

function problem(file: string, row: number | null, message: string, extra: Partial<ImportProblem> = {}): ImportProblem {
  return { file, row, ...extra, message, severity: "error", ...(extra.severity ? { severity: extra.severity } : {}) } as ImportProblem;
}

function recordsOf<K extends ImportFileKind>(parsed: ParsedImportFile, kind: K): ImportRecords[K] {
  expect(parsed.kind).toBe(kind);
  return parsed.records as ImportRecords[K];
}

async function* inPieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("parseImportFile: reading the file", () => {
  it("reads a good file into typed records", async () => {
    const units = await parseImportFile("units.csv", GOOD["units.csv"], options);
    expect(units.problems).toEqual([]);
    expect(units.rowsRead).toBe(4);
    expect(units.records[1]).toEqual({
      row: 3,
      unitRef: "NS-0043",
      providerName: "northside  lettings ltd",
      propertyName: "Albert House",
      addressLine1: "Flat 4, 12 Albert Road",
      town: "Manchester",
      postcode: "M14 5AB",
      districtGss: "E08000003",
      taType: "nightly_self_contained",
      bedrooms: 1,
      maxOccupants: 2,
      sharedKitchen: false,
      sharedBathroom: false,
      sharedToilet: false,
      stepFree: true,
      inUseFrom: "2025-04-01",
      retiredOn: null,
      paidFor: null,
      brma: null,
    });
  });

  it("knows the file by its name in any case, and refuses other names", async () => {
    expect((await parseImportFile("exports/Providers.CSV", GOOD["providers.csv"])).kind).toBe("providers");
    const other = await parseImportFile("providers (1).csv", GOOD["providers.csv"]);
    expect(other.kind).toBeNull();
    expect(other.problems).toEqual([
      problem(
        "providers (1).csv",
        null,
        '"providers (1).csv" is not a file in the import template. Name each file as one of: providers.csv, units.csv, unit_rates.csv, households.csv, members.csv, placements.csv, out_of_service.csv, inspections.csv, certificates.csv',
      ),
    ]);
  });

  it("takes a string, a Buffer or a stream of pieces alike", async () => {
    const bytes = Buffer.from(GOOD["units.csv"]);
    const fromString = await parseImportFile("units.csv", GOOD["units.csv"], options);
    const fromBuffer = await parseImportFile("units.csv", bytes, options);
    const fromStream = await parseImportFile("units.csv", inPieces(bytes, 7), options);
    expect(fromBuffer.records).toEqual(fromString.records);
    expect(fromStream.records).toEqual(fromString.records);
  });

  it("reads characters split between pieces of a stream", async () => {
    const csv = "provider_name,provider_type\nCafé Zoë £ Ltd 😀,hotel\n";
    const parsed = await parseImportFile("providers.csv", inPieces(Buffer.from(csv), 1));
    expect(parsed.problems).toEqual([]);
    expect(parsed.records[0]).toMatchObject({ providerName: "Café Zoë £ Ltd 😀" });
  });

  it("strips a byte order mark, from bytes or from text", async () => {
    const csv = "provider_name,provider_type\nStation Hotel,hotel\n";
    for (const content of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]), `\uFEFF${csv}`]) {
      const parsed = await parseImportFile("providers.csv", content);
      expect(parsed.problems).toEqual([]);
      expect(parsed.records).toEqual([{ row: 2, providerName: "Station Hotel", providerType: "hotel", email: null, phone: null }]);
    }
  });

  it("refuses a file that is not UTF-8, naming the row and CSV UTF-8", async () => {
    // Windows-1252, as Excel's plain "CSV (Comma delimited)" saves it
    const csv = Buffer.from("provider_name,provider_type\nStation Hotel,hotel\nCafé £ Ltd,hotel\n", "latin1");
    const parsed = await parseImportFile("providers.csv", csv);
    expect(parsed.problems).toEqual([
      problem(
        "providers.csv",
        3,
        `The file is not saved as UTF-8: this row has a character that cannot be read (a file saved as CSV (Comma delimited) stores £ and accented letters differently). ${SAVE_AS}`,
      ),
    ]);
    expect(parsed.readable).toBe(false);
    expect(parsed.keys).toBeNull();
  });

  it("refuses a file that ends in the middle of a character", async () => {
    const csv = Buffer.concat([Buffer.from("provider_name,provider_type\nCaf"), Buffer.from([0xc3])]);
    const parsed = await parseImportFile("providers.csv", inPieces(csv, 4));
    expect(parsed.problems.map((p) => [p.row, p.message])).toEqual([[2, IMPORT_MESSAGES.notUtf8()]]);
  });

  it("refuses a UTF-16 file", async () => {
    const csv = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("provider_name\tprovider_type\n", "utf16le")]);
    expect((await parseImportFile("providers.csv", csv)).problems).toEqual([
      problem("providers.csv", null, `The file is saved as UTF-16 (Unicode Text), not UTF-8. ${SAVE_AS}`),
    ]);
  });

  it("refuses a zip, an .xlsx saved as .csv, a PNG and a PDF", async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const pdf = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]);
    const messages = async (content: Uint8Array) => (await parseImportFile("units.csv", content)).problems.map((p) => [p.row, p.message]);
    expect(await messages(zip)).toEqual([[null, `The file is an Excel workbook or a zip file, not a CSV file. ${SAVE_AS}`]]);
    expect(await messages(png)).toEqual([
      [null, "The file is not a CSV file: it holds binary data (NUL bytes). Upload the data saved as CSV UTF-8 (Comma delimited) (*.csv)"],
    ]);
    expect(await messages(pdf)).toEqual([
      [null, "The file is a PDF, not a CSV file. Upload the data saved as CSV UTF-8 (Comma delimited) (*.csv)"],
    ]);
    expect(await messages(xls)).toEqual([[null, `The file is an Excel 97-2003 workbook, not a CSV file. ${SAVE_AS}`]]);
  });

  it("refuses NUL bytes further into the file", async () => {
    const csv = `${GOOD["providers.csv"]}Odd\u0000Provider,hotel\n`;
    const parsed = await parseImportFile("providers.csv", csv);
    expect(parsed.problems.map((p) => p.message)).toEqual([IMPORT_MESSAGES.binary()]);
  });

  it("refuses an empty file", async () => {
    for (const content of ["", "\uFEFF", "\r\n\r\n", Buffer.alloc(0)]) {
      expect((await parseImportFile("members.csv", content)).problems).toEqual([
        problem(
          "members.csv",
          null,
          "The file is empty. members.csv must start with a header row naming its columns: case_ref,name,date_of_birth,relationship,pregnant,sex,pregnant_since",
        ),
      ]);
    }
  });

  it("accepts a header row with no data rows", async () => {
    const parsed = await parseImportFile("members.csv", "case_ref,name,date_of_birth,relationship\r\n");
    expect(parsed).toMatchObject({ rowsRead: 0, records: [], problems: [], readable: true });
  });
});

describe("parseImportFile: delimiters, quotes and rows", () => {
  it("refuses a semicolon-separated file", async () => {
    const parsed = await parseImportFile("providers.csv", "provider_name;provider_type\nStation Hotel;hotel\n");
    expect(parsed.problems).toEqual([
      problem(
        "providers.csv",
        1,
        "The columns are separated by semicolons (;), not commas. Save the file as CSV UTF-8 (Comma delimited) (*.csv), which uses commas",
      ),
    ]);
    expect(parsed.rowsRead).toBe(0);
  });

  it("refuses a tab-separated file", async () => {
    const parsed = await parseImportFile("providers.csv", "provider_name\tprovider_type\nStation Hotel\thotel\n");
    expect(parsed.problems.map((p) => [p.row, p.message])).toEqual([
      [1, "The columns are separated by tabs, not commas. Save the file as CSV UTF-8 (Comma delimited) (*.csv), which uses commas"],
    ]);
  });

  it("reads commas, quote marks and line breaks inside quoted cells", async () => {
    const csv =
      "case_ref,lead_name,duty,step_free_needed,support_needs\n" +
      'C1,"Hassan, Amina",s193,,"Needs a ground floor, near ""Moss Side"" school\nand a cot"\n' +
      "C2,John Smith,s188,,\n";
    const parsed = await parseImportFile("households.csv", csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.records).toEqual([
      {
        row: 2,
        caseRef: "C1",
        leadName: "Hassan, Amina",
        duty: "s193",
        stepFreeNeeded: false,
        supportNeeds: 'Needs a ground floor, near "Moss Side" school\nand a cot',
        awaitingSince: null,
      },
      // a line break inside a cell does not start a new spreadsheet row
      { row: 3, caseRef: "C2", leadName: "John Smith", duty: "s188", stepFreeNeeded: false, supportNeeds: null, awaitingSince: null },
    ]);
  });

  it("skips blank lines silently, keeping row numbers true to the file", async () => {
    const csv = ["case_ref,lead_name,duty", "C1,Amina Hassan,s193", "", "   ", ",,", "C2,John Smith,s999", "", ""].join("\r\n");
    const parsed = await parseImportFile("households.csv", csv);
    expect(parsed.rowsRead).toBe(2);
    expect(parsed.problems).toEqual([
      problem("households.csv", 6, "duty must be one of: s188, s190, s193, s200, review_or_appeal, other", {
        column: "duty",
        value: "s999",
      }),
    ]);
  });

  it("counts blank lines before the header as rows", async () => {
    const parsed = await parseImportFile("households.csv", "\n\ncase_ref,lead_name,duty\nC1,,s193\n");
    expect(parsed.problems.map((p) => [p.row, p.column, p.message])).toEqual([[4, "lead_name", "Enter lead_name"]]);
  });

  it("reads old Mac line endings", async () => {
    const parsed = await parseImportFile("households.csv", "case_ref,lead_name,duty\rC1,Amina Hassan,s193\r\rC2,,s193\r");
    expect(parsed.problems.map((p) => [p.row, p.column])).toEqual([[4, "lead_name"]]);
  });

  it("refuses rows with the wrong number of cells, and reads the rest", async () => {
    const csv = "case_ref,lead_name,duty\nC1,Amina Hassan,s193,extra\nC2,John Smith\nC3\nC4,Grace Okafor,s200\n";
    const parsed = await parseImportFile("households.csv", csv);
    expect(parsed.problems).toEqual([
      problem(
        "households.csv",
        2,
        "This row has 4 cells, but the header row has 3. Check for a comma in a cell that is not inside quote marks",
      ),
      problem("households.csv", 3, "This row has 2 cells, but the header row has 3"),
      problem("households.csv", 4, "This row has 1 cell, but the header row has 3"),
    ]);
    expect(parsed.records.map((r) => r.row)).toEqual([5]);
  });

  it("refuses a quote mark that is never closed", async () => {
    const csv = 'case_ref,lead_name,duty\nC1,Amina Hassan,s193\nC2,"John Smith,s188\nC3,Grace Okafor,s200\n';
    const parsed = await parseImportFile("households.csv", csv);
    expect(parsed.problems).toEqual([
      problem(
        "households.csv",
        3,
        `A quote mark (") opened in this row is never closed, so the rest of the file could not be read. Check the row's quote marks`,
      ),
    ]);
    expect(recordsOf(parsed, "households").map((r) => r.caseRef)).toEqual(["C1"]);
    expect(parsed.readable).toBe(false);
  });

  it("keeps quote marks as written when a cell does not wholly sit inside them", async () => {
    const csv = 'case_ref,lead_name,duty\nC1,"Amina" Hassan,s193\nC2,John Smith,s188\n';
    const parsed = await parseImportFile("households.csv", csv);
    expect(parsed.problems).toEqual([]);
    expect(recordsOf(parsed, "households").map((r) => r.leadName)).toEqual(['"Amina" Hassan', "John Smith"]);
  });

  it("keeps a quote mark inside an unquoted cell", async () => {
    const parsed = await parseImportFile("units.csv", GOOD["units.csv"].replace('Albert House,"Flat 3', 'The "Albert" House,"Flat 3'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.records[0]).toMatchObject({ propertyName: 'The "Albert" House' });
  });
});

describe("parseImportFile: the header row", () => {
  it("lists every missing required column in one problem", async () => {
    const parsed = await parseImportFile("placements.csv", "case_ref,end_date\nC1,2026-01-05\n");
    expect(parsed.problems).toEqual([problem("placements.csv", 1, "The header row is missing the required columns: unit_ref, start_date")]);
    expect(parsed.records).toEqual([]);
  });

  it("names each unknown column, suggesting a template column when one is close", async () => {
    const csv = "Provider_Name , provider type,colour,PROVIDER_TYP\nStation Hotel,hotel,red,x\n";
    const parsed = await parseImportFile("providers.csv", csv);
    expect(parsed.problems).toEqual([
      problem("providers.csv", 1, 'providers.csv has no column called "provider type". Rename it to provider_type', {
        column: "provider type",
      }),
      problem("providers.csv", 1, 'providers.csv has no column called "colour". Remove it, or check its name against the template', {
        column: "colour",
      }),
      problem("providers.csv", 1, 'providers.csv has no column called "PROVIDER_TYP". Rename it to provider_type', {
        column: "PROVIDER_TYP",
      }),
      problem("providers.csv", 1, "The header row is missing the required columns: provider_type"),
    ]);
  });

  it("still checks the rows against the columns it has", async () => {
    const csv = "provider_name,provider_type,colour\nStation Hotel,hotle,red\n";
    const parsed = await parseImportFile("providers.csv", csv);
    expect(parsed.problems.map((p) => [p.row, p.column])).toEqual([
      [1, "colour"],
      [2, "provider_type"],
    ]);
    expect(parsed.records).toEqual([]);
  });

  it("refuses a column named twice", async () => {
    const csv = "case_ref,lead_name,duty,case_ref\nC1,Amina Hassan,s193,C1\n";
    const parsed = await parseImportFile("households.csv", csv);
    expect(parsed.problems).toEqual([
      problem("households.csv", 1, "The column case_ref appears more than once in the header row (columns A and D). Keep one of them", {
        column: "case_ref",
      }),
    ]);
  });

  it("refuses a first row that is not a header", async () => {
    const parsed = await parseImportFile("providers.csv", "Station Hotel,hotel\nNorthside,agent\n");
    expect(parsed.problems).toEqual([
      problem("providers.csv", 1, "The first row must be the header row, naming the columns: provider_name,provider_type,email,phone"),
    ]);
  });

  it("ignores empty columns without a name, but not values in them", async () => {
    const csv = "provider_name,provider_type,,\nStation Hotel,hotel,,\nNorthside,agent,,oops\n";
    const parsed = await parseImportFile("providers.csv", csv);
    expect(parsed.problems).toEqual([
      problem("providers.csv", 3, "Column D has a value but no name in the header row. Name the column from the template, or delete it", {
        value: "oops",
      }),
    ]);
    expect(recordsOf(parsed, "providers").map((r) => r.providerName)).toEqual(["Station Hotel"]);
  });

  it("accepts the columns in any order, and optional columns left out", async () => {
    const parsed = await parseImportFile("providers.csv", "provider_type,provider_name\nhotel,Station Hotel\n");
    expect(parsed.records).toEqual([{ row: 2, providerName: "Station Hotel", providerType: "hotel", email: null, phone: null }]);
  });
});

describe("parseImportFile: cells", () => {
  it("reads both date formats and refuses 31/02/2026", async () => {
    const csv =
      "case_ref,unit_ref,start_date,end_date,destination\nC1,U1,2026-01-05,06/02/2026,returned_home\nC2,U2,31/02/2026,,\nC3,U3,2026/01/05,5-1-26,\n";
    const parsed = await parseImportFile("placements.csv", csv);
    expect(parsed.records).toEqual([
      {
        row: 2,
        caseRef: "C1",
        unitRef: "U1",
        startDate: "2026-01-05",
        endDate: "2026-02-06",
        endReason: null,
        destination: "returned_home",
        duty: null,
      },
    ]);
    const format = "must be a date in the format YYYY-MM-DD or DD/MM/YYYY, like 2026-01-05 or 05/01/2026";
    expect(parsed.problems).toEqual([
      problem("placements.csv", 3, "start_date is not a real date", { column: "start_date", value: "31/02/2026" }),
      problem("placements.csv", 4, `start_date ${format}`, { column: "start_date", value: "2026/01/05" }),
      problem("placements.csv", 4, `end_date ${format}`, { column: "end_date", value: "5-1-26" }),
    ]);
  });

  it("refuses a 10 MB cell with a clear message and reads on", async () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    const csv = `provider_name,provider_type\n${huge},hotel\nStation Hotel,hotel\n`;
    const parsed = await parseImportFile("providers.csv", csv);
    expect(parsed.problems).toEqual([
      problem("providers.csv", 2, "provider_name must be 200 characters or less", {
        column: "provider_name",
        value: `${"x".repeat(100)}…`,
      }),
    ]);
    expect(recordsOf(parsed, "providers").map((r) => r.providerName)).toEqual(["Station Hotel"]);
  });

  it("reports every bad cell of a row", async () => {
    const csv =
      "unit_ref,provider_name,property_name,address_line_1,town,postcode,district_gss,ta_type,bedrooms,max_occupants,shared_kitchen,shared_bathroom,shared_toilet,step_free\n" +
      "U1,Station Hotel,,1 Station Approach,Stockport,SK1,E0800007,hotel,11,0,maybe,yes,no,\n";
    const parsed = await parseImportFile("units.csv", csv);
    expect(parsed.problems.map((p) => [p.column, p.message])).toEqual([
      ["property_name", "Enter property_name"],
      ["postcode", "postcode must be a full UK postcode, like SW1A 1AA"],
      ["district_gss", "district_gss must be a GSS code: E, W, S or N followed by 8 digits, like E08000012"],
      ["ta_type", "ta_type must be one of: bnb, nightly_self_contained, hostel, private_leased, council_ha_stock, other"],
      ["bedrooms", "bedrooms must be between 0 and 10"],
      ["max_occupants", "max_occupants must be between 1 and 20"],
      ["shared_kitchen", "shared_kitchen must be yes or no"],
      ["step_free", "Enter step_free"],
    ]);
    expect(parsed.problems.every((p) => p.row === 2)).toBe(true);
  });

  it("takes the council's own TA types", async () => {
    const csv = GOOD["units.csv"].replace("bnb", "refuge");
    expect((await parseImportFile("units.csv", csv)).problems.map((p) => p.column)).toEqual(["ta_type"]);
    const own = await parseImportFile("units.csv", csv, { taTypes: ["nightly_self_contained", "council_ha_stock", "refuge"] });
    expect(own.problems).toEqual([]);
    expect(own.records[2]).toMatchObject({ taType: "refuge" });
  });
});

describe("parseImportFile: limits", () => {
  it("stops at a row over 16 MB, saying which", async () => {
    const csv = `provider_name,provider_type\nStation Hotel,hotel\n"${"x".repeat(17 * 1024 * 1024)}\nNorthside,agent\n`;
    const parsed = await parseImportFile("providers.csv", csv);
    expect(parsed.problems).toEqual([
      problem(
        "providers.csv",
        3,
        `This row is more than 16 MB, so the rest of the file could not be read. Check it for a quote mark (") that is never closed`,
      ),
    ]);
    expect(parsed.rowsRead).toBe(1);
  });

  it("keeps 1,000 problems a file and counts the rest", async () => {
    const rows = Array.from({ length: 1_500 }, (_, i) => `Provider ${i},motel`).join("\n");
    const parsed = await parseImportFile("providers.csv", `provider_name,provider_type\n${rows}\n`);
    expect(parsed).toMatchObject({ rowsRead: 1_500, errors: 1_500, problemsOmitted: 500 });
    expect(parsed.problems).toHaveLength(1_000);
    expect(parsed.problems[999].row).toBe(1_001);
    const fewer = await parseImportFile("providers.csv", `provider_name,provider_type\n${rows}\n`, { maxProblemsPerFile: 10 });
    expect(fewer).toMatchObject({ errors: 1_500, problemsOmitted: 1_490 });
  });
});
