/**
 * The casework deadlines an officer relies on (s208 notices, s202 reviews, move-on
 * targets), each decided in exactly one place. Pure: no I/O, no SQL, no Remix.
 *
 * Date conventions (see ~/domain/dates): a calendar day is an ISO "YYYY-MM-DD"
 * string; a placement covers the nights [start, end), so it covers the night of
 * D when start <= D < end, or end is null. "As of D" means "counting the night
 * of D". Every "due date" below is the LAST day on which the thing is on time;
 * it is overdue from the day after.
 */
import { addDays, daysBetween, type IsoDate } from "~/lib/dates";

// ---------------------------------------------------------------------------
// 3. s208 Housing Act 1996: notice of an out-of-district placement

/** s208(4): notice "within 14 days after the accommodation is made available". */
export const S208_NOTICE_DAYS = 14;

export type S208Status = "not_required" | "due" | "sent" | "overdue" | "sent_late";

export interface S208Result {
  required: boolean;
  /** Last day on which the notice is on time; null when not required. */
  dueDate: IsoDate | null;
  status: S208Status;
  /** Days after the due date: to D when unsent, to the sent date when sent late; otherwise 0. */
  daysOverdue: number;
}

/** Whether a unit's district (GSS code) is outside the council's own. */
export function isOutOfDistrict(councilGss: string, unitGss: string): boolean {
  return councilGss.trim().toUpperCase() !== unitGss.trim().toUpperCase();
}

/**
 * The s208 notice for one placement. Each placement out of district is a new
 * "accommodation made available" and needs its own notice.
 *
 * "Within 14 days after" the day the accommodation is made available (the
 * placement start) excludes that day: day 1 is the day after the start, so the
 * last day on time is start + 14 days. Overdue from start + 15 (1 day overdue).
 * A notice sent on or before the due date is "sent"; after it, "sent_late".
 */
export function s208Notice(input: {
  councilGss: string;
  unitGss: string;
  madeAvailableOn: IsoDate;
  sentOn?: IsoDate | null;
  asOf: IsoDate;
}): S208Result {
  if (!isOutOfDistrict(input.councilGss, input.unitGss)) {
    return { required: false, dueDate: null, status: "not_required", daysOverdue: 0 };
  }
  const dueDate = addDays(input.madeAvailableOn, S208_NOTICE_DAYS);
  const sentOn = input.sentOn ?? null;
  if (sentOn !== null) {
    return sentOn <= dueDate
      ? { required: true, dueDate, status: "sent", daysOverdue: 0 }
      : { required: true, dueDate, status: "sent_late", daysOverdue: daysBetween(dueDate, sentOn) };
  }
  return input.asOf <= dueDate
    ? { required: true, dueDate, status: "due", daysOverdue: 0 }
    : { required: true, dueDate, status: "overdue", daysOverdue: daysBetween(dueDate, input.asOf) };
}

// ---------------------------------------------------------------------------
// 4. s202 review of the suitability of accommodation

/** s202(3): a request "before the end of the period of 21 days beginning with the day" of notification. */
export const S202_REQUEST_WINDOW_DAYS = 21;
/** Homelessness (Review Procedure etc.) Regulations 2018, reg 9(1)(b): "eight weeks beginning with the day on which the request for the review is made". */
export const S202_DECISION_DAYS = 56;

export type S202Status = "pending" | "overdue" | "decided";

export interface S202Result {
  /** Last day to ask for a review: offer date + 20 days. */
  requestDeadline: IsoDate;
  /** The request came after the deadline (the council may still accept it: s202(3) allows a longer period in writing). */
  requestedLate: boolean;
  /** Last day for the decision: request date + 55 days, or the agreed extension if later. */
  decisionDueDate: IsoDate;
  status: S202Status;
  /** Days past the decision due date: to D when pending, to the decision when decided late. */
  daysOverdue: number;
  decidedLate: boolean;
}

/**
 * A s202 suitability review. Both periods are "beginning with the day", which
 * in law includes that day: 21 days beginning with the offer date end on offer
 * + 20; 8 weeks beginning with the request date end on request + 55. The
 * decision is overdue from request + 56. `offeredOn` is the date the household
 * was notified of the offer (the caller passes the placement start when that is
 * all it has). `extendedTo` is a longer period agreed in writing (reg 9(1)).
 */
export function s202Review(input: {
  offeredOn: IsoDate;
  requestedOn: IsoDate;
  decidedOn?: IsoDate | null;
  extendedTo?: IsoDate | null;
  asOf: IsoDate;
}): S202Result {
  const requestDeadline = addDays(input.offeredOn, S202_REQUEST_WINDOW_DAYS - 1);
  const statutoryDue = addDays(input.requestedOn, S202_DECISION_DAYS - 1);
  const extendedTo = input.extendedTo ?? null;
  const decisionDueDate = extendedTo !== null && extendedTo > statutoryDue ? extendedTo : statutoryDue;
  const decidedOn = input.decidedOn ?? null;
  const base = { requestDeadline, requestedLate: input.requestedOn > requestDeadline, decisionDueDate };
  if (decidedOn !== null && decidedOn <= input.asOf) {
    const late = decidedOn > decisionDueDate;
    return { ...base, status: "decided", daysOverdue: late ? daysBetween(decisionDueDate, decidedOn) : 0, decidedLate: late };
  }
  if (input.asOf > decisionDueDate) {
    return { ...base, status: "overdue", daysOverdue: daysBetween(decisionDueDate, input.asOf), decidedLate: false };
  }
  return { ...base, status: "pending", daysOverdue: 0, decidedLate: false };
}

// ---------------------------------------------------------------------------
// 5. Move-on plan overdue

/**
 * A move-on plan is overdue when its target date is before D and the episode
 * is still open on the night of D (no end, or an end after D). On the target
 * date itself it is not yet overdue.
 */
export function moveOnOverdue(input: { targetDate: IsoDate | null; episodeEnd: IsoDate | null; asOf: IsoDate }): {
  overdue: boolean;
  daysOverdue: number;
} {
  const { targetDate, episodeEnd, asOf } = input;
  const open = episodeEnd === null || episodeEnd > asOf;
  if (targetDate === null || !open || targetDate >= asOf) return { overdue: false, daysOverdue: 0 };
  return { overdue: true, daysOverdue: daysBetween(targetDate, asOf) };
}
