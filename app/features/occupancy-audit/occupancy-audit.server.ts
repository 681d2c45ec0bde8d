/**
 * The occupancy audit (issue 18, item 6): the lists a manager works from and the figures.
 *  - Rooms paid for but empty for long: units paid for every night empty for at least N
 *    nights to last night (emptyNow, priced by void_pieces: the one home of void cost).
 *  - Placements with no contact for N weeks: placements running tonight with no contact
 *    with the household (the contact log) on or after the later of the placement's start
 *    and N weeks ago. A home visit that found nobody in (absent) is not a contact.
 *  - Invoices billing nights after the household left: invoice lines naming a household
 *    (its case reference) and a unit it stayed in, billing nights after one of its stays
 *    there ended that no stay of it there holds.
 *  - Findings: audit_findings (db/definitions/occupancy-audit.ts), the one home of "still
 *    paid after found gone" and "recovered".
 * Builds on casework (the contact log), money (void cost) and invoices' tables.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Conn } from "~/lib/db/connect";
import { addDays, type IsoDate } from "~/lib/dates";
import { emptyNow, type EmptyNowRow } from "~/features/money/void.server";
import { penceToPounds2dp } from "~/features/money/money";
import { VISIT_OUTCOMES, type PaidFor, type VisitOutcome } from "~/lib/vocabulary";

export const DEFAULT_WEEKS = 8;
export const DEFAULT_VOID_NIGHTS = 28;

/** Units paid for every night that were empty last night and for at least `minNights` nights before it, longest first. */
export async function longVoids(db: Conn, today: IsoDate, minNights: number): Promise<EmptyNowRow[]> {
  return (await emptyNow(db, today)).filter((r) => r.nights >= minNights);
}

export interface NoContactRow {
  placementId: number;
  householdId: number;
  caseRef: string;
  unitRef: string;
  providerName: string;
  startDate: IsoDate;
  /** The last contact since the placement started (not an absent visit), or null. */
  lastContactOn: IsoDate | null;
  /** Whole weeks since the last contact, or since the placement started. */
  weeks: number;
}

/** Placements running tonight with no contact recorded for `weeks` weeks, the longest without first. */
export async function noContactFor(db: Conn, today: IsoDate, weeks: number): Promise<NoContactRow[]> {
  const cutoff = addDays(today, -7 * weeks);
  const r = await sql<{
    placement_id: string;
    household_id: string;
    case_ref: string;
    unit_ref: string;
    provider_name: string;
    start_date: IsoDate;
    last_on: IsoDate | null;
  }>`
    SELECT p.id AS placement_id, p.household_id, h.case_ref, u.unit_ref, pr.name AS provider_name, p.start_date, lc.last_on
    FROM placements p
    JOIN households h ON h.id = p.household_id
    JOIN units u ON u.id = p.unit_id
    JOIN properties pp ON pp.id = u.property_id
    JOIN providers pr ON pr.id = pp.provider_id
    CROSS JOIN LATERAL (
      SELECT max(c.contact_on) AS last_on FROM contacts c
      WHERE c.household_id = p.household_id AND c.contact_on >= p.start_date AND c.contact_on <= ${today}::date
        AND c.outcome IS DISTINCT FROM 'absent'
    ) lc
    WHERE p.cancelled_at IS NULL AND p.start_date <= ${today}::date AND (p.end_date IS NULL OR p.end_date > ${today}::date)
      AND coalesce(lc.last_on, p.start_date) <= ${cutoff}::date
    ORDER BY coalesce(lc.last_on, p.start_date), h.case_ref`.execute(db);
  return r.rows.map((x) => {
    const since = x.last_on ?? x.start_date;
    return {
      placementId: Number(x.placement_id),
      householdId: Number(x.household_id),
      caseRef: x.case_ref,
      unitRef: x.unit_ref,
      providerName: x.provider_name,
      startDate: x.start_date,
      lastContactOn: x.last_on,
      weeks: Math.floor((Date.parse(today) - Date.parse(since)) / (7 * 86_400_000)),
    };
  });
}

export interface BilledAfterLeavingRow {
  invoiceId: number;
  invoiceRef: string;
  providerName: string;
  receivedOn: IsoDate;
  lineNo: number;
  unitRef: string;
  caseRef: string;
  householdId: number;
  /** The line's nights [from, to). */
  from: IsoDate;
  to: IsoDate;
  /** The end of the household's stay in the unit that the billed nights come after. */
  leftOn: IsoDate;
  /** Nights on the line after the household left that no stay of theirs in the unit holds. */
  nightsAfter: number;
  linePence: number;
  /** The line's amount pro rata for those nights (an estimate: the line's own nightly average). */
  afterPence: number;
  paidFor: PaidFor;
}

/** Invoice lines billing nights after the household named on them left the unit, newest invoice first. */
export async function billedAfterLeaving(db: Conn): Promise<BilledAfterLeavingRow[]> {
  const r = await sql<{
    invoice_id: string;
    invoice_ref: string;
    provider_name: string;
    received_on: IsoDate;
    line_no: number;
    unit_ref: string;
    case_ref: string;
    household_id: string;
    from_date: IsoDate;
    to_date: IsoDate;
    left_on: IsoDate;
    nights_after: string;
    amount_pence: string;
    paid_for: PaidFor;
  }>`
    WITH l AS (
      SELECT l.invoice_id, i.invoice_ref, pr.name AS provider_name, i.received_on, l.line_no, u.unit_ref, h.case_ref,
             h.id AS household_id, u.id AS unit_id, l.from_date, l.to_date, l.amount_pence
      FROM invoice_lines l
      JOIN invoices i ON i.id = l.invoice_id
      JOIN providers pr ON pr.id = i.provider_id
      JOIN units u ON u.unit_ref = l.unit_ref
      JOIN households h ON h.case_ref = trim(l.household_ref)
      WHERE l.to_date > l.from_date
    ),
    s AS (
      SELECT l.*,
             (SELECT min(p.end_date) FROM placements p
              WHERE p.household_id = l.household_id AND p.unit_id = l.unit_id AND p.cancelled_at IS NULL
                AND p.end_date IS NOT NULL AND p.end_date < l.to_date) AS left_on,
             coalesce((SELECT range_agg(daterange(p.start_date, p.end_date, '[)')) FROM placements p
                       WHERE p.household_id = l.household_id AND p.unit_id = l.unit_id AND p.cancelled_at IS NULL),
                      '{}'::datemultirange) AS stayed
      FROM l
    ),
    n AS (
      SELECT s.*,
             (SELECT coalesce(sum(upper(x) - lower(x)), 0) FROM unnest(
                (datemultirange(daterange(s.from_date, s.to_date, '[)')) - s.stayed)
                * datemultirange(daterange(s.left_on, NULL, '[)'))) AS x) AS nights_after
      FROM s WHERE s.left_on IS NOT NULL
    )
    SELECT n.invoice_id, n.invoice_ref, n.provider_name, n.received_on, n.line_no, n.unit_ref, n.case_ref, n.household_id,
           n.from_date, n.to_date, n.left_on, n.nights_after, n.amount_pence, pf.paid_for
    FROM n JOIN unit_paid_for pf ON pf.unit_id = n.unit_id
    WHERE n.nights_after > 0
    ORDER BY n.received_on DESC, n.invoice_ref, n.line_no`.execute(db);
  return r.rows.map((x) => {
    const lineNights = (Date.parse(x.to_date) - Date.parse(x.from_date)) / 86_400_000;
    const nightsAfter = Number(x.nights_after);
    const linePence = Number(x.amount_pence);
    return {
      invoiceId: Number(x.invoice_id),
      invoiceRef: x.invoice_ref,
      providerName: x.provider_name,
      receivedOn: x.received_on,
      lineNo: x.line_no,
      unitRef: x.unit_ref,
      caseRef: x.case_ref,
      householdId: Number(x.household_id),
      from: x.from_date,
      to: x.to_date,
      leftOn: x.left_on,
      nightsAfter,
      linePence,
      afterPence: Math.round((linePence * nightsAfter) / lineNights),
      paidFor: x.paid_for,
    };
  });
}

export interface FindingRow {
  placementId: number;
  householdId: number;
  caseRef: string;
  unitRef: string;
  providerName: string;
  foundOn: IsoDate;
  outcome: VisitOutcome;
  outcomeLabel: string;
  paidFor: PaidFor;
  /** The placement's end now (null: still open). */
  endNow: IsoDate | null;
  stillPaidNights: number;
  stillPaidPence: number;
  recoveredNights: number;
  recoveredPence: number;
  unpricedNights: number;
}

export interface Findings {
  rows: FindingRow[];
  totals: { placements: number; stillPaidNights: number; stillPaidPence: number; recoveredNights: number; recoveredPence: number };
}

/** Placements a home visit found the household gone from, with the nights and money still paid and recovered (audit_findings). */
export async function auditFindings(db: Conn, today: IsoDate): Promise<Findings> {
  const r = await sql<{
    placement_id: string;
    household_id: string;
    case_ref: string;
    unit_ref: string;
    provider_name: string;
    found_on: IsoDate;
    outcome: VisitOutcome;
    paid_for: PaidFor;
    end_now: IsoDate | null;
    still_paid_nights: number;
    still_paid_pence: string;
    recovered_nights: number;
    recovered_pence: string;
    unpriced_nights: number;
  }>`
    SELECT f.placement_id, f.household_id, h.case_ref, u.unit_ref, pr.name AS provider_name, f.found_on, f.outcome, f.paid_for,
           f.end_now, f.still_paid_nights, f.still_paid_pence, f.recovered_nights, f.recovered_pence, f.unpriced_nights
    FROM audit_findings(${today}::date) f
    JOIN households h ON h.id = f.household_id
    JOIN units u ON u.id = f.unit_id
    JOIN properties pp ON pp.id = u.property_id
    JOIN providers pr ON pr.id = pp.provider_id
    ORDER BY f.still_paid_nights DESC, f.found_on, h.case_ref`.execute(db);
  const rows = r.rows.map((x) => ({
    placementId: Number(x.placement_id),
    householdId: Number(x.household_id),
    caseRef: x.case_ref,
    unitRef: x.unit_ref,
    providerName: x.provider_name,
    foundOn: x.found_on,
    outcome: x.outcome,
    outcomeLabel: VISIT_OUTCOMES[x.outcome],
    paidFor: x.paid_for,
    endNow: x.end_now,
    stillPaidNights: Number(x.still_paid_nights),
    stillPaidPence: Number(x.still_paid_pence),
    recoveredNights: Number(x.recovered_nights),
    recoveredPence: Number(x.recovered_pence),
    unpricedNights: Number(x.unpriced_nights),
  }));
  const sum = (f: (r: FindingRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    rows,
    totals: {
      placements: rows.length,
      stillPaidNights: sum((r) => r.stillPaidNights),
      stillPaidPence: sum((r) => r.stillPaidPence),
      recoveredNights: sum((r) => r.recoveredNights),
      recoveredPence: sum((r) => r.recoveredPence),
    },
  };
}

const paramsSchema = z.object({
  weeks: z.coerce.number().int().min(1).max(104).catch(DEFAULT_WEEKS),
  nights: z.coerce.number().int().min(1).max(3650).catch(DEFAULT_VOID_NIGHTS),
});

/** The page's choices from its URL (?weeks=N&nights=N): out-of-range or missing values fall back to the defaults. */
export function auditParams(url: URL): { weeks: number; nights: number; weeksError: boolean; nightsError: boolean } {
  const raw = { weeks: url.searchParams.get("weeks") ?? undefined, nights: url.searchParams.get("nights") ?? undefined };
  const p = paramsSchema.parse(raw);
  const given = (v: string | undefined, n: number) => v !== undefined && v.trim() !== "" && String(n) !== v.trim();
  return { ...p, weeksError: given(raw.weeks, p.weeks), nightsError: given(raw.nights, p.nights) };
}

export const AUDIT_LISTS = ["findings", "voids", "no-contact", "invoices"] as const;
export type AuditList = (typeof AUDIT_LISTS)[number];

/** Each list as CSV rows (the page's rows, all of them); money in pounds with two decimals. */
export async function auditCsv(db: Conn, list: AuditList, today: IsoDate, p: { weeks: number; nights: number }) {
  const pounds = penceToPounds2dp;
  switch (list) {
    case "findings": {
      const f = await auditFindings(db, today);
      return {
        header: [
          "case_ref",
          "unit_ref",
          "provider",
          "found_on",
          "outcome",
          "paid_for",
          "placement_end",
          "still_paid_nights",
          "still_paid",
          "recovered_nights",
          "recovered",
          "unpriced_nights",
        ],
        rows: f.rows.map((r) => [
          r.caseRef,
          r.unitRef,
          r.providerName,
          r.foundOn,
          r.outcome,
          r.paidFor,
          r.endNow ?? "",
          r.stillPaidNights,
          pounds(r.stillPaidPence),
          r.recoveredNights,
          pounds(r.recoveredPence),
          r.unpricedNights,
        ]),
      };
    }
    case "voids": {
      const rows = await longVoids(db, today, p.nights);
      return {
        header: ["unit_ref", "provider", "ta_type", "empty_since", "nights", "paid_for_them"],
        rows: rows.map((r) => [r.unitRef, r.providerName, r.taTypeName, r.emptySince, r.nights, pounds(r.pence)]),
      };
    }
    case "no-contact": {
      const rows = await noContactFor(db, today, p.weeks);
      return {
        header: ["case_ref", "unit_ref", "provider", "placement_start", "last_contact", "weeks_without_contact"],
        rows: rows.map((r) => [r.caseRef, r.unitRef, r.providerName, r.startDate, r.lastContactOn ?? "", r.weeks]),
      };
    }
    case "invoices": {
      const rows = await billedAfterLeaving(db);
      return {
        header: [
          "invoice_ref",
          "provider",
          "received_on",
          "line_no",
          "unit_ref",
          "case_ref",
          "first_night",
          "last_night",
          "left_on",
          "nights_after_leaving",
          "line_amount",
          "amount_for_those_nights",
          "paid_for",
        ],
        rows: rows.map((r) => [
          r.invoiceRef,
          r.providerName,
          r.receivedOn,
          r.lineNo,
          r.unitRef,
          r.caseRef,
          r.from,
          addDays(r.to, -1),
          r.leftOn,
          r.nightsAfter,
          pounds(r.linePence),
          pounds(r.afterPence),
          r.paidFor,
        ]),
      };
    }
  }
}
