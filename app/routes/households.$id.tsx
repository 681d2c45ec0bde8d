import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/session.server";
import { getDb } from "~/db.server";
import { today } from "~/clock.server";
import { parseId } from "~/forms.server";
import { getHousehold, toDomainMember } from "~/models/households.server";
import { auditFor } from "~/models/audit.server";
import { getSetting } from "~/models/settings.server";
import { placementCosts } from "~/models/cost.server";
import { formatPence } from "~/domain/money";
import { deriveHouseholdFacts, memberAge } from "~/domain/household";
import { sixWeekRule, s208Notice } from "~/domain/rules";
import { formatDate, daysBetween } from "~/domain/dates";
import { DESTINATIONS, DUTIES } from "~/domain/categories";
import { SummaryList, Table, Tag, WarningText } from "~/components/govuk";

export const handle = { title: (d: { caseRef?: string }) => d?.caseRef ? `Household ${d.caseRef}` : "Household" };

const REL = { lead: "Lead applicant", partner: "Partner", child: "Child", other_adult: "Other adult" } as const;
const TYPE = { couple_with_children: "Couple with children", single_parent: "Single parent", single_adult: "Single adult", couple_no_children: "Couple without children", other: "Other" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "view:households");
  const db = await getDb();
  const day = today(request);
  const { household, members, placements, episodes } = await getHousehold(db, parseId(params.id));
  const councilGss = (await getSetting<string>(db, "council_gss")) ?? "";
  const domainMembers = members.map(toDomainMember);
  const facts = deriveHouseholdFacts(domainMembers, day);
  const live = placements.filter((p) => !p.cancelled_at);
  const current = live.filter((p) => p.start_date <= day && (p.end_date === null || p.end_date > day));
  const openEpisode = episodes.find((e) => e.start_date <= day && (e.end_date === null || e.end_date > day));
  const sixWeeks = openEpisode
    ? sixWeekRule({
        placements: live.filter((p) => p.episode_id === openEpisode.id).map((p) => ({ start: p.start_date, end: p.end_date, isBnb: p.is_bnb })),
        family: facts.familyForBnbRule, lead16or17: facts.leadAged16or17, asOf: day,
      })
    : null;
  const notices = councilGss
    ? current.filter((p) => p.out_of_district).map((p) => ({ unitRef: p.unit_ref, ...s208Notice({ councilGss, unitGss: p.district_gss, madeAvailableOn: p.start_date, sentOn: null, asOf: day }) }))
    : [];
  const history = await auditFor(db, { householdId: household.id });
  const costs = await placementCosts(db, placements.map((p) => ({ id: p.id, unit_id: p.unit_id, start_date: p.start_date, end_date: p.end_date, cancelled: !!p.cancelled_at })), day);
  return {
    caseRef: household.case_ref,
    household: { ...household, dutyLabel: DUTIES[household.duty] },
    members: members.map((m) => ({ id: m.id, name: m.name, relationship: REL[m.relationship], dob: formatDate(m.date_of_birth), age: memberAge(domainMembers[members.indexOf(m)], day), pregnant: m.pregnant })),
    facts: { occupants: facts.occupants, children: facts.dependentChildCount, pregnant: facts.hasPregnantMember, family: facts.familyForBnbRule, type: TYPE[facts.householdType], bedrooms: facts.bedroomNeed.bedrooms, bedroomExplanation: facts.bedroomNeed.explanation, lead1617: facts.leadAged16or17 },
    placements: placements.map((p) => ({
      id: p.id, unit: p.unit_ref, unitId: p.unit_id, where: `${p.property_name}${p.unit_name ? `, ${p.unit_name}` : ""}, ${p.town}`, type: p.ta_type,
      isBnb: p.is_bnb, outOfDistrict: p.out_of_district, start: formatDate(p.start_date), end: p.end_date ? formatDate(p.end_date) : null,
      nights: daysBetween(p.start_date, p.end_date && p.end_date < day ? p.end_date : day) , destination: p.destination ? DESTINATIONS[p.destination] : null,
      cancelled: !!p.cancelled_at, current: current.some((c) => c.id === p.id), episodeId: p.episode_id,
      cost: costs.get(p.id) ? formatPence(costs.get(p.id)!.grossPence) : "", net: costs.get(p.id)?.netPence != null ? formatPence(costs.get(p.id)!.netPence!) : "",
    })),
    episodes: episodes.map((e) => ({ id: e.id, start: formatDate(e.start_date), end: e.end_date ? formatDate(e.end_date) : null, days: daysBetween(e.start_date, e.end_date ?? day), placements: e.placements, destination: e.destination ? DESTINATIONS[e.destination] : null })),
    sixWeeks: sixWeeks ? { status: sixWeeks.status, used: sixWeeks.bnbDaysUsed, remaining: sixWeeks.daysRemaining, day42On: sixWeeks.day42On ? formatDate(sixWeeks.day42On) : null, inBnbTonight: sixWeeks.inBnbTonight } : null,
    notices: notices.map((n) => ({ unitRef: n.unitRef, status: n.status, due: n.dueDate ? formatDate(n.dueDate) : null, daysOverdue: n.daysOverdue })),
    history: history.map((h) => ({ id: h.id, at: new Date(h.at).toLocaleString("en-GB", { timeZone: "Europe/London" }), action: h.action, entity: h.entity, user: h.user_name ?? "System" })),
  };
}

export default function HouseholdPage() {
  const d = useLoaderData<typeof loader>();
  const sw = d.sixWeeks;
  return (
    <>
      <span className="govuk-caption-l">Household</span>
      <h1 className="govuk-heading-l">{d.caseRef}</h1>
      {sw?.status === "breach" && sw.inBnbTonight ? (
        <WarningText>This family has been in B&amp;B for {sw.used} days: the six-week limit (42 days) is broken. Move them to self-contained accommodation now.</WarningText>
      ) : sw?.status === "warning" ? (
        <WarningText>Day {sw.used} of 42 in B&amp;B: the six-week limit is reached on {sw.day42On}. Find self-contained accommodation.</WarningText>
      ) : sw?.status === "unsuitable_16_17" ? (
        <WarningText>B&amp;B is unsuitable for a 16 or 17 year old applicant. Move them now.</WarningText>
      ) : null}
      {d.notices.filter((n) => n.status === "overdue").map((n) => (
        <WarningText key={n.unitRef}>The notice to the receiving council for unit {n.unitRef} (s208) was due by {n.due} and is {n.daysOverdue} {n.daysOverdue === 1 ? "day" : "days"} overdue.</WarningText>
      ))}
      <SummaryList rows={[
        { key: "Duty", value: d.household.dutyLabel },
        { key: "Household type", value: d.facts.type },
        { key: "People", value: d.facts.occupants },
        { key: "Dependent children", value: d.facts.children },
        { key: "Pregnant member", value: d.facts.pregnant ? "Yes" : "No" },
        { key: "Family, for the B&B rule", value: d.facts.family ? "Yes: B&B only in an emergency, and for no more than 6 weeks" : "No" },
        { key: "Bedroom need (bedroom standard)", value: <>{d.facts.bedrooms}<ul className="govuk-list govuk-body-s">{d.facts.bedroomExplanation.map((e, i) => <li key={i}>{e}</li>)}</ul></> },
        { key: "Step-free access needed", value: d.household.step_free_needed ? "Yes" : "No" },
        { key: "Support needs", value: d.household.support_needs || "None recorded" },
        ...(sw && sw.status !== "not_applicable" ? [{ key: "B&B days used (of 42)", value: `${sw.used}` }] : []),
      ]} />
      <Table caption="Members" rowKey={(m) => m.id} rows={d.members} columns={[
        { header: "Name", cell: (m) => m.name },
        { header: "Relationship", cell: (m) => m.relationship },
        { header: "Date of birth", cell: (m) => m.dob || "Not recorded" },
        { header: "Age", cell: (m) => m.age ?? "", numeric: true },
        { header: "Pregnant", cell: (m) => (m.pregnant ? "Yes" : "") },
      ]} />
      <Table caption="Placements" rowKey={(p) => p.id} rows={d.placements} empty="No placements yet." columns={[
        { header: "Unit", cell: (p) => <>{p.unit} {p.current ? <Tag colour="green">Tonight</Tag> : null}{p.cancelled ? <Tag colour="grey">Cancelled</Tag> : null}</> },
        { header: "Where", cell: (p) => <>{p.where}{p.outOfDistrict ? <> <Tag colour="purple">Out of district</Tag></> : null}</> },
        { header: "Type", cell: (p) => <>{p.type}{p.isBnb ? <> <Tag colour="orange">B&amp;B</Tag></> : null}</> },
        { header: "From", cell: (p) => p.start },
        { header: "To", cell: (p) => p.end ?? "Open" },
        { header: "Nights", cell: (p) => p.nights, numeric: true },
        { header: "Left to", cell: (p) => p.destination ?? "" },
        { header: "Cost so far", cell: (p) => p.cost, numeric: true },
        { header: "Estimated net cost", cell: (p) => p.net, numeric: true },
      ]} />
      <Table caption="Time in temporary accommodation (episodes)" rowKey={(e) => e.id} rows={d.episodes} empty="Not yet in temporary accommodation." columns={[
        { header: "Entered", cell: (e) => e.start },
        { header: "Left", cell: (e) => e.end ?? "Still in TA" },
        { header: "Days", cell: (e) => e.days, numeric: true },
        { header: "Placements", cell: (e) => e.placements, numeric: true },
        { header: "Destination", cell: (e) => e.destination ?? "" },
      ]} />
      <Table caption="History" rowKey={(h) => h.id} rows={d.history} empty="No changes recorded in Waypoint yet." columns={[
        { header: "When", cell: (h) => h.at },
        { header: "Who", cell: (h) => h.user },
        { header: "What", cell: (h) => `${h.action} ${h.entity}` },
      ]} />
      <p className="govuk-body"><Link className="govuk-link" to="/households">Back to households</Link></p>
    </>
  );
}
