import { describe, expect, it } from "vitest";
import { csvCell, csvLine, csvStream, toCsv, withoutFormulaGuard } from "~/lib/csv.server";

describe("CSV writing", () => {
  it("quotes cells holding a comma, a quote mark or a line break", () => {
    expect(csvCell("Flat 3, 12 Albert Road")).toBe('"Flat 3, 12 Albert Road"');
    expect(csvCell('The "Albert" House')).toBe('"The ""Albert"" House"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain")).toBe("plain");
  });
  it("defuses text that a spreadsheet would run as a formula, but keeps negative numbers", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+44 151")).toBe("'+44 151");
    expect(csvCell("@sum")).toBe("'@sum");
    expect(csvCell(-3)).toBe("-3");
  });
  it("takes the guard off again for the import, and only the guard", () => {
    for (const s of ['=HYPERLINK("x")', "+44 151", "@sum", "-x", "\tx", "'=already", "'plain", "plain"]) {
      expect(withoutFormulaGuard(csvCell(s).replace(/^"|"$/g, "").replace(/""/g, '"'))).toBe(s);
    }
    expect(withoutFormulaGuard("'O'Brien")).toBe("'O'Brien");
  });
  it("writes blanks for null, undefined and non-finite numbers, yes/no for booleans", () => {
    expect(csvLine([null, undefined, Number.NaN, true, false, 0])).toBe(",,,yes,no,0\r\n");
  });
  it("streams the same text as it builds in memory", async () => {
    const rows = [
      ["a", 1],
      ["b, c", 2],
    ] as const;
    let streamed = "";
    for await (const chunk of csvStream(["name", "n"], rows)) streamed += chunk;
    expect(streamed).toBe(toCsv(["name", "n"], rows));
    expect(streamed).toBe('name,n\r\na,1\r\n"b, c",2\r\n');
  });
});
