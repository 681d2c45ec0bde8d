import { describe, expect, it } from "vitest";
import {
  parseCode,
  parseDate,
  parseEmail,
  parseGssCode,
  parseInteger,
  parseMoney,
  parsePhone,
  parsePostcode,
  parseReference,
  parseText,
  parseYesNo,
} from "~/features/import/values";
import { DEFAULT_TA_TYPES, MAX_NIGHTLY_RATE_PENCE } from "~/features/import/template";

const refused = (reason: string) => ({ ok: false, reason });
const money = (raw: string) => parseMoney(raw, "nightly_rate", { maxPence: MAX_NIGHTLY_RATE_PENCE });

describe("parseDate", () => {
  it("reads YYYY-MM-DD and DD/MM/YYYY into ISO dates", () => {
    expect(parseDate("2026-01-05", "start_date")).toEqual({ ok: true, value: "2026-01-05" });
    expect(parseDate("05/01/2026", "start_date")).toEqual({ ok: true, value: "2026-01-05" });
    expect(parseDate(" 5/1/2026 ", "start_date")).toEqual({ ok: true, value: "2026-01-05" });
    expect(parseDate("29/02/2028", "start_date")).toEqual({ ok: true, value: "2028-02-29" });
  });

  it("refuses a date that is not real", () => {
    expect(parseDate("31/02/2026", "start_date")).toEqual(refused("start_date is not a real date"));
    expect(parseDate("2026-02-29", "start_date")).toEqual(refused("start_date is not a real date"));
    expect(parseDate("00/01/2026", "start_date")).toEqual(refused("start_date is not a real date"));
  });

  it("says to put the day first when a date was written month first", () => {
    expect(parseDate("12/25/2026", "start_date")).toEqual(refused("start_date is not a real date. Put the day first: DD/MM/YYYY"));
  });

  it("refuses other and ambiguous formats, naming the accepted ones", () => {
    const format = refused("start_date must be a date in the format YYYY-MM-DD or DD/MM/YYYY, like 2026-01-05 or 05/01/2026");
    for (const raw of ["2026/01/05", "5-1-26", "05/01/26", "5 Jan 2026", "2026-1-5", "2026-01-05T00:00:00", "05/01/2026 00:00", "abc"]) {
      expect(parseDate(raw, "start_date"), raw).toEqual(format);
    }
  });

  it("explains an Excel date number", () => {
    expect(parseDate("46027", "start_date")).toEqual(
      refused(
        "start_date looks like a date number from Excel. Format the column as a date (DD/MM/YYYY) in Excel, or write it as YYYY-MM-DD",
      ),
    );
  });

  it("refuses years that can only be typing mistakes", () => {
    expect(parseDate("01/01/0202", "start_date")).toEqual(refused("start_date must be between 1900 and 2100"));
    expect(parseDate("2206-01-01", "start_date")).toEqual(refused("start_date must be between 1900 and 2100"));
  });

  it("asks for a blank date", () => {
    expect(parseDate("  ", "start_date")).toEqual(refused("Enter start_date"));
  });
});

describe("parseMoney", () => {
  it("reads pounds and pence into integer pence", () => {
    expect(money("57")).toEqual({ ok: true, value: 5700 });
    expect(money("57.00")).toEqual({ ok: true, value: 5700 });
    expect(money("£57")).toEqual({ ok: true, value: 5700 });
    expect(money("£64.05")).toEqual({ ok: true, value: 6405 });
    expect(money("£1,234.50")).toEqual({ ok: true, value: 123450 });
    expect(money("1234.50")).toEqual({ ok: true, value: 123450 });
    expect(money("0")).toEqual({ ok: true, value: 0 });
    expect(money("0.29")).toEqual({ ok: true, value: 29 }); // 0.29 * 100 is 28.999... in floating point
  });

  it("refuses pence that are not 2 digits rather than rounding", () => {
    expect(money("£1,234.5")).toEqual(refused("nightly_rate must have 2 digits for pence, like 57.50"));
    expect(money("57.123")).toEqual(refused("nightly_rate must have 2 digits for pence, like 57.50"));
  });

  it("refuses negative amounts, however written", () => {
    for (const raw of ["-57", "-£57.00", "£-57", "(£57.00)"]) {
      expect(money(raw), raw).toEqual(refused("nightly_rate must be £0.00 or more"));
    }
  });

  it("refuses what is not an amount", () => {
    for (const raw of ["abc", "£", "57.", ".50", "£ 57", "57 GBP", "1,23.00", "12,3456", "$57", "5.7e3"]) {
      expect(money(raw), raw).toEqual(refused("nightly_rate must be an amount in pounds and pence, like 57.00 or £57"));
    }
  });

  it("refuses an amount over the limit", () => {
    expect(money("£5,000.01")).toEqual(refused("nightly_rate must be £5,000.00 or less"));
    expect(money("99999999999999999999")).toEqual(refused("nightly_rate must be £5,000.00 or less"));
    expect(money("£5,000.00")).toEqual({ ok: true, value: 500000 });
  });
});

describe("parseYesNo", () => {
  it("reads yes, no, y, n, true and false in any case", () => {
    for (const raw of ["yes", "YES", "Y", "true", "TRUE", " y "])
      expect(parseYesNo(raw, "step_free"), raw).toEqual({ ok: true, value: true });
    for (const raw of ["no", "No", "n", "false", "FALSE"]) expect(parseYesNo(raw, "step_free"), raw).toEqual({ ok: true, value: false });
  });

  it("refuses anything else", () => {
    for (const raw of ["1", "0", "maybe", "x"]) expect(parseYesNo(raw, "step_free"), raw).toEqual(refused("step_free must be yes or no"));
  });
});

describe("parseCode", () => {
  it("reads a code in any case and returns it as listed", () => {
    expect(parseCode("BNB", "ta_type", DEFAULT_TA_TYPES)).toEqual({ ok: true, value: "bnb" });
  });

  it("lists the allowed codes when refusing", () => {
    expect(parseCode("B&B", "ta_type", DEFAULT_TA_TYPES)).toEqual(
      refused("ta_type must be one of: bnb, nightly_self_contained, hostel, private_leased, council_ha_stock, other"),
    );
  });

  it("checks against the council's own list", () => {
    expect(parseCode("refuge", "ta_type", [...DEFAULT_TA_TYPES, "refuge"])).toEqual({ ok: true, value: "refuge" });
  });
});

describe("parseInteger", () => {
  it("reads whole numbers within bounds", () => {
    expect(parseInteger("0", "bedrooms", { min: 0, max: 10 })).toEqual({ ok: true, value: 0 });
    expect(parseInteger("10", "bedrooms", { min: 0, max: 10 })).toEqual({ ok: true, value: 10 });
  });

  it("refuses numbers out of bounds", () => {
    expect(parseInteger("11", "bedrooms", { min: 0, max: 10 })).toEqual(refused("bedrooms must be between 0 and 10"));
    expect(parseInteger("-1", "bedrooms", { min: 0, max: 10 })).toEqual(refused("bedrooms must be between 0 and 10"));
    expect(parseInteger("0", "max_occupants", { min: 1, max: 20 })).toEqual(refused("max_occupants must be between 1 and 20"));
    expect(parseInteger("99999999999999999999999", "max_occupants", { min: 1, max: 20 })).toEqual(
      refused("max_occupants must be between 1 and 20"),
    );
  });

  it("refuses what is not a whole number", () => {
    for (const raw of ["2.5", "two", "2.0", "1e1"]) {
      expect(parseInteger(raw, "bedrooms", { min: 0, max: 10 }), raw).toEqual(refused("bedrooms must be a whole number, like 2"));
    }
  });
});

describe("parseText and parseReference", () => {
  it("trims text", () => {
    expect(parseText("  Albert House ", "property_name", { maxLength: 200 })).toEqual({ ok: true, value: "Albert House" });
  });

  it("refuses a 10 MB cell with a clear message", () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    expect(parseText(huge, "support_needs", { maxLength: 2000, multiline: true })).toEqual(
      refused("support_needs must be 2,000 characters or less"),
    );
  });

  it("counts characters, not UTF-16 units", () => {
    expect(parseText("😀".repeat(200), "name", { maxLength: 200 })).toEqual({ ok: true, value: "😀".repeat(200) });
    expect(parseText("😀".repeat(201), "name", { maxLength: 200 })).toEqual(refused("name must be 200 characters or less"));
  });

  it("keeps line breaks out of one-line text", () => {
    expect(parseText("Flat 3\n12 Albert Road", "address_line_1", { maxLength: 200 })).toEqual(
      refused("address_line_1 must be on one line"),
    );
    expect(parseText("Line one\nLine two", "support_needs", { maxLength: 2000, multiline: true }).ok).toBe(true);
  });

  it("refuses a reference Excel has turned into a shortened number", () => {
    expect(parseReference("1.23457E+11", "case_ref", { maxLength: 50 })).toEqual(
      refused(
        "case_ref looks like a number Excel has shortened (like 1.23E+11). Format the column as Text in Excel and enter the full references again",
      ),
    );
    expect(parseReference("HL/2025/00123", "case_ref", { maxLength: 50 })).toEqual({ ok: true, value: "HL/2025/00123" });
  });
});

describe("parseGssCode", () => {
  it("reads a 9-character GSS code in upper case", () => {
    expect(parseGssCode("E08000012", "district_gss")).toEqual({ ok: true, value: "E08000012" });
    expect(parseGssCode("w06000015", "district_gss")).toEqual({ ok: true, value: "W06000015" });
  });

  it("refuses anything else", () => {
    for (const raw of ["E0800001", "E080000123", "X08000012", "Manchester", "E08 000 012"]) {
      expect(parseGssCode(raw, "district_gss"), raw).toEqual(
        refused("district_gss must be a GSS code: E, W, S or N followed by 8 digits, like E08000012"),
      );
    }
  });
});

describe("parsePostcode", () => {
  it("normalises to upper case with one space", () => {
    expect(parsePostcode("sw1a1aa", "postcode")).toEqual({ ok: true, value: "SW1A 1AA" });
    expect(parsePostcode(" m14  5ab ", "postcode")).toEqual({ ok: true, value: "M14 5AB" });
    expect(parsePostcode("B1 1AA", "postcode")).toEqual({ ok: true, value: "B1 1AA" });
    expect(parsePostcode("EC1A 1BB", "postcode")).toEqual({ ok: true, value: "EC1A 1BB" });
  });

  it("refuses partial and foreign postcodes", () => {
    for (const raw of ["SW1A", "12345", "SW1A 1A", "M14 5AB X", "1M4 5AB"]) {
      expect(parsePostcode(raw, "postcode"), raw).toEqual(refused("postcode must be a full UK postcode, like SW1A 1AA"));
    }
  });
});

describe("parseEmail and parsePhone", () => {
  it("reads email addresses", () => {
    expect(parseEmail("bookings@northside.example", "email")).toEqual({ ok: true, value: "bookings@northside.example" });
    for (const raw of ["bookings", "a@b", "a b@c.com", "a@@b.com"]) {
      expect(parseEmail(raw, "email"), raw).toEqual(refused("email must be an email address in the correct format, like name@example.com"));
    }
  });

  it("reads telephone numbers", () => {
    expect(parsePhone("0161 496 0000", "phone")).toEqual({ ok: true, value: "0161 496 0000" });
    expect(parsePhone("+44 (0)161  496 0000", "phone")).toEqual({ ok: true, value: "+44 (0)161 496 0000" });
    for (const raw of ["999", "call reception", "0161 496 0000 ext 4"]) {
      expect(parsePhone(raw, "phone"), raw).toEqual(refused("phone must be a telephone number, like 01632 960 001 or +44 808 157 0192"));
    }
  });
});
