/**
 * Data quality before a return (issue 22, item 5): the problems of data_quality_problems(d)
 * (db/definitions/data-quality.ts, the one home of the checks) in words, each with the link
 * that fixes it, counted per kind. Read by /reports/data-quality and `waypoint export data-quality`.
 */
import { sql } from "kysely";
import { daysBetween, formatDate, type IsoDate } from "~/lib/dates";
import { RELATIONSHIPS, type Relationship } from "~/lib/vocabulary";
import { keptUntilDataChanges } from "~/lib/cache.server";
import type { Conn } from "~/lib/db/connect";

export const DATA_QUALITY_KINDS = {
  no_date_of_birth: { title: "Members with no date of birth", fix: "Record the date of birth" },
  no_lead: { title: "Households with no lead applicant", fix: "Record the lead applicant" },
  no_destination: { title: "Stays ended with no destination", fix: "Record where the household went" },
  gap_in_stay: { title: "Nights missing between two stays", fix: "Record the missing placement, or the destination" },
  type_contradiction: { title: "Units whose type contradicts their facilities", fix: "Correct the unit's type or facilities" },
  same_person: { title: "The same person in two households", fix: "Check both households" },
  similar_person: { title: "Perhaps the same person in two households", fix: "Check both households" },
} as const;
export type DataQualityKind = keyof typeof DATA_QUALITY_KINDS;

export interface DataQualityRow {
  kind: DataQualityKind;
  caseRef: string | null;
  otherCaseRef: string | null;
  unitRef: string | null;
  problem: string;
  href: string;
  otherHref: string | null;
  /** same_person / similar_person: the two members, for an officer to decide. */
  memberId: number | null;
  otherMemberId: number | null;
}

const CONTRADICTION = {
  bnb_typed_otherwise: "B&B by its facilities and provider, but typed otherwise",
  typed_bnb_not_bnb: "typed B&B, but not B&B by its facilities and provider",
} as const;

function words(r: Raw): string {
  switch (r.kind) {
    case "no_date_of_birth":
      return `The ${(RELATIONSHIPS[r.detail as Relationship] ?? "member").toLowerCase()} has no date of birth`;
    case "no_lead":
      return "No member is recorded as the lead applicant";
    case "no_destination":
      return `The stay ended on ${formatDate(r.from_date!)} with no destination recorded`;
    case "gap_in_stay":
      return `${daysBetweenWords(r.from_date!, r.to_date!)} without a placement between a stay ending ${formatDate(r.from_date!)} and the next starting ${formatDate(r.to_date!)}`;
    case "type_contradiction":
      return `The unit is ${CONTRADICTION[r.detail as keyof typeof CONTRADICTION] ?? r.detail}`;
    case "same_person":
      return `${r.detail}, born ${formatDate(r.from_date!)}, is in both households`;
    case "similar_person":
      return `${r.detail}, born ${formatDate(r.from_date!)}, has a similar name in the other household`;
  }
}

function daysBetweenWords(a: IsoDate, b: IsoDate): string {
  const n = daysBetween(a, b);
  return `${n} ${n === 1 ? "night" : "nights"}`;
}

interface Raw {
  kind: DataQualityKind;
  household_id: number | null;
  other_household_id: number | null;
  unit_id: number | null;
  detail: string | null;
  from_date: IsoDate | null;
  to_date: IsoDate | null;
  case_ref: string | null;
  other_case_ref: string | null;
  unit_ref: string | null;
  member_id: number | null;
  other_member_id: number | null;
}

/** Every problem on the day, in the order of the kinds, then case or unit reference. */
export async function dataQuality(db: Conn, day: IsoDate): Promise<DataQualityRow[]> {
  return keptUntilDataChanges(db, `data-quality:${day}`, async () => {
    const r = await sql<Raw>`
      SELECT q.kind, q.household_id, q.other_household_id, q.unit_id, q.detail, q.from_date::text AS from_date, q.to_date::text AS to_date,
             q.member_id, q.other_member_id,
             h.case_ref, o.case_ref AS other_case_ref, u.unit_ref
      FROM data_quality_problems(${day}::date) q
      LEFT JOIN households h ON h.id = q.household_id
      LEFT JOIN households o ON o.id = q.other_household_id
      LEFT JOIN units u ON u.id = q.unit_id
      ORDER BY array_position(${Object.keys(DATA_QUALITY_KINDS)}::text[], q.kind), coalesce(h.case_ref, u.unit_ref), q.from_date, o.case_ref`.execute(
      db,
    );
    return r.rows.map((x) => ({
      kind: x.kind,
      caseRef: x.case_ref,
      otherCaseRef: x.other_case_ref,
      unitRef: x.unit_ref,
      problem: words(x),
      href:
        x.unit_id !== null
          ? `/stock/units/${x.unit_id}/edit`
          : x.kind === "no_date_of_birth" || x.kind === "no_lead"
            ? `/households/${x.household_id}/edit`
            : `/households/${x.household_id}`,
      otherHref: x.other_household_id !== null ? `/households/${x.other_household_id}` : null,
      memberId: x.other_member_id !== null ? Number(x.member_id) : null,
      otherMemberId: x.other_member_id !== null ? Number(x.other_member_id) : null,
    }));
  });
}

/** How many problems of each kind (every kind listed, 0 included). */
export function countByKind(rows: readonly DataQualityRow[]): { kind: DataQualityKind; title: string; count: number }[] {
  return (Object.keys(DATA_QUALITY_KINDS) as DataQualityKind[]).map((kind) => ({
    kind,
    title: DATA_QUALITY_KINDS[kind].title,
    count: rows.filter((r) => r.kind === kind).length,
  }));
}
