/** What a report page says about the read-only copy its figures came from (ADR 0029). */
import { describe, expect, it } from "vitest";
import { copyNotice, howLong, type CopyState } from "~/lib/read-copy";

const at = "2026-12-07T14:32:05.400Z";
const state = (s: Partial<CopyState>): CopyState => ({ upToDate: false, behindSeconds: null, replayedAt: null, paused: false, at, ...s });

describe("the read-only copy's notice", () => {
  it("says how long, in words", () => {
    expect([0, 0.4, 1, 1.9, 3, 119, 120, 3599, 7199, 7200, 86400 * 2 - 1, 86400 * 2, 86400 * 9].map(howLong)).toEqual([
      "less than a second",
      "less than a second",
      "1 second",
      "1 second",
      "3 seconds",
      "119 seconds",
      "2 minutes",
      "59 minutes",
      "119 minutes",
      "2 hours",
      "47 hours",
      "2 days",
      "9 days",
    ]);
  });

  it("says the copy is up to date when it has applied all it received, however old its last change (an idle live database)", () => {
    expect(copyNotice(state({ upToDate: true, behindSeconds: 5400, replayedAt: "2026-12-07T13:02:05Z" }))).toBe(
      "Figures read from a copy of the database that is up to date with the live one (at 14:32:05).",
    );
  });

  it("says how far behind, and as of when in London, when it has changes still to apply", () => {
    expect(copyNotice(state({ behindSeconds: 3.2, replayedAt: "2026-12-07T14:32:02.200Z" }))).toBe(
      "Figures read from a copy of the database 3 seconds behind the live one (as it was at 14:32:02).",
    );
    // British Summer Time, and a day other than today.
    expect(copyNotice(state({ behindSeconds: 90000, replayedAt: "2026-07-01T08:00:00Z", at: "2026-07-02T09:00:00Z", paused: true }))).toBe(
      "Figures read from a copy of the database 25 hours behind the live one (as it was at 09:00:00 on 1 July 2026). Updates to the copy are paused.",
    );
    // Clocks a little apart on the two servers: never "behind" by less than nothing.
    expect(copyNotice(state({ behindSeconds: -0.5, replayedAt: at }))).toContain("less than a second behind");
  });

  it("says it does not know how far behind when the copy has applied nothing since it started", () => {
    expect(copyNotice(state({}))).toBe(
      "Figures read from a copy of the database that is behind the live one; how far behind is not known yet.",
    );
  });
});
