/**
 * Everything the household page shows, assembled in one place: members and
 * their derived facts, placements, episodes, the six-week rule, s208 notices,
 * the move-on plan, s202 reviews, the contact log and the history. Bounded to one household.
 */
import { sql } from "kysely";
import { auditFor } from "~/lib/audit.server";
import { getHousehold, toDomainMember } from "~/features/households/households.server";
import { getSetting } from "~/lib/settings.server";
import { bedroomNeed, memberAge } from "~/features/households/household";
import { householdFactsOn } from "~/features/households/household-facts.server";
import { moveOnOverdue, s202Review, s208Notice } from "~/features/casework/rules";
import { applicationsOf } from "~/features/casework/casework.server";
import { SIX_WEEK_LIMIT_DAYS } from "~/features/placements/six-weeks";
import { addDays, daysBetween, formatDate, type IsoDate } from "~/lib/dates";
import { S208_FLAG_AFTER_END_DAYS } from "~/features/casework/today.server";
import { DESTINATIONS, DUTIES, MOVE_ON_PATHWAYS, NOTICE_METHODS, RELATIONSHIPS, REVIEW_OUTCOMES } from "~/lib/vocabulary";
import { placementCosts } from "~/features/money/cost.server";
import { linkedElsewhere } from "~/features/households/person-links.server";
import { formatPence } from "~/features/money/money";
import type { Conn } from "~/lib/db/connect";
import { describeChange, formatWhen } from "~/features/casework/history";
import { contactsOf } from "~/features/casework/contacts.server";
import { contactDetailsOf } from "~/features/households/contact-details.server";
import { HOUSEHOLD_PERSONAL_FIELDS, type Viewer } from "~/features/households/contact-details";
import { timelineOf } from "~/features/casework/timeline.server";

const TYPE = {
  couple_with_children: "Couple with children",
  single_parent: "Single parent",
  single_adult: "Single adult",
  couple_no_children: "Couple without children",
  other: "Other",
} as const;

/**
 * `viewer`: who is looking, for the vulnerability needs only some may see (ADR 0028); none
 * (a test, a report) sees them as restricted.
 */
export async function householdPage(db: Conn, id: number, day: IsoDate, viewer: Viewer | null = null) {
  const { household: row, members, placements, episodes } = await getHousehold(db, id);
  // The case file's personal fields are read through contactDetailsOf (which hides sensitive
  // needs from those who may not see them), never sent to the page with the household row.
  const household = Object.fromEntries(
    Object.entries(row).filter(
      ([k]) => !(HOUSEHOLD_PERSONAL_FIELDS as readonly string[]).includes(k) || k === "support_needs" || k === "step_free_needed",
    ),
  ) as Omit<typeof row, (typeof HOUSEHOLD_PERSONAL_FIELDS)[number]> & Pick<typeof row, "support_needs" | "step_free_needed">;
  const councilGss = (await getSetting<string>(db, "council_gss")) ?? "";
  const [linked, officer, noticeRows, plan, reviews, history, applications, contacts, contactDetails] = await Promise.all([
    linkedElsewhere(db, id),
    db
      .selectFrom("households as h")
      .innerJoin("users as u", "u.id", "h.officer_id")
      .select(["u.id", "u.name"])
      .where("h.id", "=", id)
      .executeTakeFirst(),
    db.selectFrom("s208_notices").selectAll().where("household_id", "=", id).execute(),
    db
      .selectFrom("move_on_plans as m")
      .innerJoin("users as u", "u.id", "m.owner_id")
      .select(["m.pathway", "m.target_date", "m.next_action", "u.name as owner_name"])
      .where("m.household_id", "=", id)
      .executeTakeFirst(),
    db
      .selectFrom("suitability_reviews")
      .selectAll()
      .where("household_id", "=", id)
      .orderBy("requested_on", "desc")
      .orderBy("id", "desc")
      .execute(),
    auditFor(db, { householdId: id }),
    applicationsOf(db, id),
    contactsOf(db, id),
    contactDetailsOf(db, id, viewer),
  ]);
  const costs = await placementCosts(
    db,
    placements.map((p) => ({ id: p.id, unit_id: p.unit_id, start_date: p.start_date, end_date: p.end_date, cancelled: !!p.cancelled_at })),
    day,
  );
  const unitRefs = new Map(placements.map((p) => [p.unit_id, p.unit_ref]));
  const domainMembers = members.map(toDomainMember);
  // The household's make-up tonight, as TA1, TA2 and the six-week rule count it (one definition, in SQL).
  const facts = await householdFactsOn(db, id, day);
  const bedrooms = bedroomNeed(domainMembers, day);
  const live = placements.filter((p) => !p.cancelled_at);
  const current = live.filter((p) => p.start_date <= day && (p.end_date === null || p.end_date > day));
  const openEpisode = episodes.find((e) => e.start_date <= day && (e.end_date === null || e.end_date > day));
  // The one six-week count (db/definitions/households-in-ta.ts), as Today and TA1 read it.
  const sixWeeks = openEpisode
    ? (
        await sql<{ nights: number; in_bnb_tonight: boolean; lead_16_17: boolean; status: "not_applicable" | "ok" | "warning" | "breach" }>`
          SELECT nights, in_bnb_tonight, lead_16_17, status FROM six_weeks_on(${day}::date, ${[id]}::bigint[])`.execute(db)
      ).rows[0]
    : null;
  const sent = new Map(noticeRows.map((n) => [n.placement_id, n]));
  // Every out-of-district placement that has started needs a notice (s208): one per placement.
  const notices = councilGss
    ? live
        .filter((p) => p.out_of_district && p.start_date <= day)
        .map((p) => {
          const n = sent.get(p.id);
          const r = s208Notice({
            councilGss,
            unitGss: p.district_gss,
            madeAvailableOn: p.start_date,
            sentOn: n?.sent_on ?? null,
            asOf: day,
          });
          return {
            // Flagged while the placement lasts and for a while after, so old history does not shout for ever.
            flag: r.status === "overdue" && (p.end_date === null || p.end_date > addDays(day, -S208_FLAG_AFTER_END_DAYS)),
            placementId: p.id,
            unitRef: p.unit_ref,
            district: p.district_gss,
            status: r.status,
            due: r.dueDate ? formatDate(r.dueDate) : null,
            daysOverdue: r.daysOverdue,
            sentOn: n ? formatDate(n.sent_on) : null,
            sentTo: n?.sent_to ?? null,
            method: n ? NOTICE_METHODS[n.method] : null,
          };
        })
    : [];
  const moveOn = plan
    ? {
        pathway: MOVE_ON_PATHWAYS[plan.pathway],
        target: formatDate(plan.target_date),
        nextAction: plan.next_action,
        owner: plan.owner_name,
        ...moveOnOverdue({ targetDate: plan.target_date, episodeEnd: openEpisode ? openEpisode.end_date : day, asOf: day }),
      }
    : null;
  const timeline = await timelineOf(db, {
    householdId: id,
    day,
    loaded: {
      placements: placements.map((p) => ({
        id: p.id,
        unitId: p.unit_id,
        unitRef: p.unit_ref,
        startDate: p.start_date,
        endDate: p.end_date,
        cancelled: !!p.cancelled_at,
        destination: p.destination,
        endReason: p.end_reason,
      })),
      contacts,
      history,
    },
  });
  return {
    linked,
    contactDetails,
    timeline,
    caseRef: household.case_ref,
    household: {
      ...household,
      dutyLabel: DUTIES[household.duty],
      officer: officer ? { id: officer.id, name: officer.name } : null,
      awaitingSince: household.awaiting_since ? formatDate(household.awaiting_since) : null,
    },
    members: members.map((m, i) => ({
      id: m.id,
      name: m.name,
      relationship: RELATIONSHIPS[m.relationship],
      dob: formatDate(m.date_of_birth),
      age: memberAge(domainMembers[i], day),
      pregnant: m.pregnant,
    })),
    facts: {
      occupants: facts.adults + facts.children,
      children: facts.children,
      pregnant: facts.expected_children > 0,
      family: facts.with_children,
      type: TYPE[facts.household_type],
      bedrooms: bedrooms.bedrooms,
      bedroomExplanation: bedrooms.explanation,
      lead1617: facts.lead_16_17,
    },
    placements: placements.map((p) => ({
      id: p.id,
      unit: p.unit_ref,
      unitId: p.unit_id,
      where: `${p.property_name}${p.unit_name ? `, ${p.unit_name}` : ""}, ${p.town}`,
      type: p.ta_type,
      isBnb: p.is_bnb,
      outOfDistrict: p.out_of_district,
      start: formatDate(p.start_date),
      end: p.end_date ? formatDate(p.end_date) : null,
      // Nights so far: none yet for a placement that starts after today.
      nights: Math.max(0, daysBetween(p.start_date, p.end_date && p.end_date < day ? p.end_date : day)),
      destination: p.destination ? DESTINATIONS[p.destination] : null,
      cancelled: !!p.cancelled_at,
      changeable: !p.cancelled_at && (p.end_date === null || p.end_date > day),
      // Transfer and End only while no end is recorded: a placement being left (a transfer
      // out already booked) can only have its dates corrected.
      open: !p.cancelled_at && p.end_date === null,
      current: current.some((c) => c.id === p.id),
      episodeId: p.episode_id,
      cost: costs.get(p.id) ? formatPence(costs.get(p.id)!.grossPence) : "",
      net: costs.get(p.id)?.netPence != null ? formatPence(costs.get(p.id)!.netPence!) : "",
    })),
    episodes: episodes.map((e) => ({
      id: e.id,
      start: formatDate(e.start_date),
      end: e.end_date ? formatDate(e.end_date) : null,
      days: daysBetween(e.start_date, e.end_date ?? day),
      placements: e.placements,
      destination: e.destination ? DESTINATIONS[e.destination] : null,
    })),
    sixWeeks: sixWeeks
      ? {
          status: sixWeeks.status,
          used: sixWeeks.nights,
          remaining: Math.max(0, SIX_WEEK_LIMIT_DAYS - sixWeeks.nights),
          day42On:
            sixWeeks.in_bnb_tonight && sixWeeks.nights <= SIX_WEEK_LIMIT_DAYS
              ? formatDate(addDays(day, SIX_WEEK_LIMIT_DAYS - sixWeeks.nights))
              : null,
          inBnbTonight: sixWeeks.in_bnb_tonight,
        }
      : null,
    applicationStartedOn: applications.length ? formatDate(applications[0].start_date) : null,
    lead16or17InBnb: !!sixWeeks && sixWeeks.lead_16_17 && sixWeeks.in_bnb_tonight,
    noDistrictSet: !councilGss,
    notices,
    moveOn,
    inTa: !!openEpisode,
    reviews: reviews.map((r) => {
      const s = s202Review({ offeredOn: r.offered_on, requestedOn: r.requested_on, decidedOn: r.decided_on, asOf: day });
      return {
        id: r.id,
        offered: formatDate(r.offered_on),
        requested: formatDate(r.requested_on),
        requestedLate: s.requestedLate,
        due: formatDate(s.decisionDueDate),
        status: s.status,
        daysOverdue: s.daysOverdue,
        decidedLate: s.decidedLate,
        outcome: r.outcome ? REVIEW_OUTCOMES[r.outcome] : null,
        decided: r.decided_on ? formatDate(r.decided_on) : null,
      };
    }),
    contacts,
    history: history.map((h) => ({
      id: h.id,
      at: formatWhen(h.at),
      what: describeChange(h, (unitId) => unitRefs.get(unitId)),
      user: h.user_name ?? "System",
    })),
  };
}
