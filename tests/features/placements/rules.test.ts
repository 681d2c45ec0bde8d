import { describe, expect, it } from "vitest";
import { moveOnOverdue, s202Review, s208Notice } from "~/features/casework/rules";

describe("s208 out-of-district notice", () => {
  // Made available on 2 March 2026: 16 March is the 14th day after it.
  const base = { councilGss: "E09000025", unitGss: "E07000072", madeAvailableOn: "2026-03-02" };

  it("is due up to the 14th day after the placement starts and overdue on the 15th", () => {
    expect(s208Notice({ ...base, asOf: "2026-03-16" })).toEqual({
      required: true,
      dueDate: "2026-03-16",
      status: "due",
      daysOverdue: 0,
    });
    expect(s208Notice({ ...base, asOf: "2026-03-17" })).toEqual({
      required: true,
      dueDate: "2026-03-16",
      status: "overdue",
      daysOverdue: 1,
    });
  });

  it("is sent on time on the 14th day and late on the 15th", () => {
    expect(s208Notice({ ...base, sentOn: "2026-03-16", asOf: "2026-04-01" }).status).toBe("sent");
    expect(s208Notice({ ...base, sentOn: "2026-03-17", asOf: "2026-04-01" })).toMatchObject({
      status: "sent_late",
      daysOverdue: 1,
    });
  });

  it("is not required inside the council's own district", () => {
    expect(s208Notice({ ...base, unitGss: " e09000025 ", asOf: "2026-04-01" })).toEqual({
      required: false,
      dueDate: null,
      status: "not_required",
      daysOverdue: 0,
    });
  });
});

describe("s202 suitability review", () => {
  // Offer on 1 April 2026: the 21 days beginning with that day end on 21 April.
  it("flags a request made after the 21 days", () => {
    expect(s202Review({ offeredOn: "2026-04-01", requestedOn: "2026-04-21", asOf: "2026-04-21" })).toMatchObject({
      requestDeadline: "2026-04-21",
      requestedLate: false,
    });
    expect(s202Review({ offeredOn: "2026-04-01", requestedOn: "2026-04-22", asOf: "2026-04-22" }).requestedLate).toBe(true);
  });

  // Request on 21 April: 8 weeks beginning with that day end on 15 June.
  const req = { offeredOn: "2026-04-01", requestedOn: "2026-04-21" };
  it("is pending up to the last day of the 8 weeks and overdue after", () => {
    expect(s202Review({ ...req, asOf: "2026-06-15" })).toMatchObject({
      decisionDueDate: "2026-06-15",
      status: "pending",
      daysOverdue: 0,
    });
    expect(s202Review({ ...req, asOf: "2026-06-16" })).toMatchObject({ status: "overdue", daysOverdue: 1 });
  });

  it("records a decision, on time or late, once it has been made", () => {
    expect(s202Review({ ...req, decidedOn: "2026-06-15", asOf: "2026-06-20" })).toMatchObject({
      status: "decided",
      decidedLate: false,
      daysOverdue: 0,
    });
    expect(s202Review({ ...req, decidedOn: "2026-06-17", asOf: "2026-06-20" })).toMatchObject({
      status: "decided",
      decidedLate: true,
      daysOverdue: 2,
    });
    // A decision dated after D is not yet made on D.
    expect(s202Review({ ...req, decidedOn: "2026-06-17", asOf: "2026-06-12" }).status).toBe("pending");
  });

  it("uses a longer period agreed in writing", () => {
    expect(s202Review({ ...req, extendedTo: "2026-07-01", asOf: "2026-06-20" })).toMatchObject({
      decisionDueDate: "2026-07-01",
      status: "pending",
    });
  });
});

describe("move-on plan overdue", () => {
  it("is overdue from the day after the target date while the episode is open", () => {
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: null, asOf: "2026-03-01" })).toEqual({ overdue: false, daysOverdue: 0 });
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: null, asOf: "2026-03-02" })).toEqual({ overdue: true, daysOverdue: 1 });
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: "2026-03-05", asOf: "2026-03-02" }).overdue).toBe(true);
  });
  it("is not overdue once the episode has ended, or with no target", () => {
    expect(moveOnOverdue({ targetDate: "2026-03-01", episodeEnd: "2026-03-02", asOf: "2026-03-02" }).overdue).toBe(false);
    expect(moveOnOverdue({ targetDate: null, episodeEnd: null, asOf: "2026-03-02" }).overdue).toBe(false);
  });
});
