import { describe, expect, it } from "vitest";
import { addDays } from "~/lib/dates";
import { parseImportFile } from "../../support/reference-import";

const ROWS = 100_000;
const UNITS = 5_000;

/**
 * placements.csv with 100,000 rows: unit U<k> hosts one household after
 * another, each staying 30 nights and the next arriving on the day it leaves.
 * Every 97th row has a date that is not real.
 */
function* placementLines(): Generator<string> {
  yield "case_ref,unit_ref,start_date,end_date,end_reason,destination\r\n";
  const stays = ROWS / UNITS;
  const starts = Array.from({ length: stays + 1 }, (_, stay) => addDays("2020-01-01", stay * 30));
  for (let i = 0; i < ROWS; i++) {
    const unit = i % UNITS;
    const stay = Math.floor(i / UNITS);
    const last = stay === stays - 1;
    const start = i % 97 === 0 ? "31/02/2026" : starts[stay];
    const ended = last ? ",," : `${starts[stay + 1]},"Moved on, with support",social_housing`;
    yield `C${i},U${unit},${start},${ended}\r\n`;
  }
}

async function* asStream(): AsyncGenerator<Uint8Array> {
  let buffered = "";
  for (const line of placementLines()) {
    buffered += line;
    if (buffered.length > 50_000) {
      yield Buffer.from(buffered);
      buffered = "";
    }
  }
  yield Buffer.from(buffered);
}

describe("a 100,000-row placements.csv", () => {
  it("is read as it streams in, keeping the records and counting every problem", async () => {
    const parsed = await parseImportFile("placements.csv", asStream(), { today: "2026-03-01" });
    const bad = Math.ceil(ROWS / 97);
    expect(parsed.rowsRead).toBe(ROWS);
    expect(parsed.records).toHaveLength(ROWS - bad);
    expect(parsed.errors).toBe(bad);
    expect(parsed.warnings).toBe(0);
    expect(parsed.problems).toHaveLength(1_000);
    expect(parsed.problemsOmitted).toBe(bad - 1_000);
    expect(parsed.problems[0]).toEqual({
      file: "placements.csv",
      row: 2,
      column: "start_date",
      value: "31/02/2026",
      message: "start_date is not a real date",
      severity: "error",
    });
    expect(parsed.problems[999].row).toBe(999 * 97 + 2);
    expect(parsed.records[0]).toMatchObject({
      row: 3,
      startDate: "2020-01-01",
      endDate: "2020-01-31",
      endReason: "Moved on, with support",
    });
    expect(parsed.records.at(-1)).toEqual({
      row: ROWS + 1,
      caseRef: `C${ROWS - 1}`,
      unitRef: `U${UNITS - 1}`,
      startDate: addDays("2020-01-01", 19 * 30),
      endDate: null,
      endReason: null,
      destination: null,
      duty: null,
    });
  });
});
