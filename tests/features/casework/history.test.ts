import { describe, expect, it } from "vitest";
import { describeChange, formatWhen } from "~/features/casework/history";

const units = new Map([
  [11, "BB-001"],
  [12, "FL-002"],
]);
const ref = (id: number) => units.get(id);

describe("the case history in an officer's words", () => {
  it("names a recorded contact, its kind and what a visit found", () => {
    expect(
      describeChange(
        { action: "record", entity: "contact", before: null, after: { contact_on: "2026-11-13", kind: "visit", outcome: "left" } },
        ref,
      ),
    ).toBe("Recorded a home visit on 13 November 2026: left (the household no longer lives there)");
    expect(
      describeChange(
        { action: "record", entity: "contact", before: null, after: { contact_on: "2026-11-20", kind: "phone", outcome: null } },
        ref,
      ),
    ).toBe("Recorded a contact on 20 November 2026 (phone call)");
  });

  it("says what, which unit, which dates and why", () => {
    expect(
      describeChange(
        { action: "place", entity: "placement", before: null, after: { unit_id: 11, start_date: "2026-11-23", end_date: null } },
        ref,
      ),
    ).toBe("Placed in unit BB-001 from 23 November 2026");
    expect(
      describeChange({ action: "end (transfer)", entity: "placement", before: null, after: { unit_id: 11, end_date: "2026-12-28" } }, ref),
    ).toBe("Left unit BB-001 on 28 December 2026 (transfer)");
    expect(
      describeChange({ action: "transfer", entity: "placement", before: null, after: { unit_id: 12, start_date: "2026-12-28" } }, ref),
    ).toBe("Transferred to unit FL-002 from 28 December 2026");
    expect(
      describeChange(
        {
          action: "end",
          entity: "placement",
          before: null,
          after: { unit_id: 12, end_date: "2027-01-15", end_reason: "Accepted a social housing offer", destination: "social_housing" },
        },
        ref,
      ),
    ).toBe("Placement in unit FL-002 ended on 15 January 2027: Accepted a social housing offer; went to social housing");
    expect(
      describeChange(
        {
          action: "correct dates",
          entity: "placement",
          before: { unit_id: 12, start_date: "2026-12-28", end_date: null },
          after: { unit_id: 12, start_date: "2026-12-27", end_date: null },
        },
        ref,
      ),
    ).toBe("Corrected the dates of the placement in unit FL-002: was 28 December 2026 to no end, now 27 December 2026 to no end");
    expect(
      describeChange({ action: "mark-awaiting", entity: "household", before: null, after: { awaiting_since: "2026-11-20" } }, ref),
    ).toBe("Marked as awaiting a placement from 20 November 2026");
  });

  it("writes the time as the rest of the page writes dates, in London time", () => {
    expect(formatWhen(new Date("2026-12-06T20:23:23Z"))).toBe("6 December 2026 at 8:23pm");
    expect(formatWhen(new Date("2026-07-01T08:05:00Z"))).toBe("1 July 2026 at 9:05am"); // BST
    expect(formatWhen(new Date("2026-07-01T11:30:00Z"))).toBe("1 July 2026 at 12:30pm");
  });
});
