import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseId, readForm } from "~/lib/forms.server";
import { householdPage } from "~/features/casework/case-page.server";
import { setAwaiting } from "~/features/casework/casework.server";
import { can } from "~/lib/permissions";
import { recordView, viewsFor } from "~/lib/audit.server";
import { formatWhen } from "~/features/casework/history";
import { mergesOf } from "~/features/households/merge.server";
import { TIMELINE_KINDS } from "~/features/casework/timeline";
import { lettersSection } from "~/features/letters/letters.server";
import { LettersSection } from "~/features/letters/letters-section";
import { Button, ButtonLink, NotificationBanner, SummaryList, Table, Tag, WarningText } from "~/lib/components/govuk";

/** The confirmation shown after a change made on another page (?done=...). */
const DONE = {
  placed: "Placement recorded",
  transferred: "Transfer recorded",
  ended: "Placement ended",
  cancelled: "Booking cancelled",
  corrected: "Placement dates corrected",
  saved: "Household details saved",
  officer: "Case officer saved",
  application: "Application recorded",
  contact: "Contact recorded",
  "contact-details": "Contact details saved",
  note: "Note added",
  "note-corrected": "Correction added: the note it corrects now says so",
  "move-on": "Move-on plan saved",
  notice: "s208 notice recorded as sent",
  review: "Review request recorded",
  "review-decided": "Review decision recorded",
  "same-people": "Recorded whether each is the same person",
  merged: "Household merged into this one",
  unmerged: "Merge undone: every record that moved is back in its household",
  hold: "Legal hold saved",
} as const;

const VIEW_WORDS = { household: "Opened the household's page", letter: "Opened a letter", export: "Downloaded personal data" } as const;

export const handle = { title: (d: { caseRef?: string }) => (d?.caseRef ? `Household ${d.caseRef}` : "Household") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:households");
  const db = await getDb();
  const id = parseId(params.id);
  const page = await householdPage(db, id, today(request), user);
  await recordView(db, { userId: user.id, what: "household", householdId: id });
  // Who looked: administrators only (issue 22, item 3).
  const views = can(user.role, "view:access-log")
    ? (await viewsFor(db, { householdId: id, limit: 20 })).map((v) => ({
        id: v.id,
        at: formatWhen(v.at),
        who: v.user_name ?? "Someone no longer a user",
        what: VIEW_WORDS[v.what] + (v.detail ? `: ${v.detail}` : ""),
      }))
    : null;
  const done = new URL(request.url).searchParams.get("done");
  const merges = await mergesOf(db, id);
  const letters = await lettersSection(db, id, user.role);
  const dateOf = (at: Date) => formatWhen(at);
  return {
    ...page,
    mergedInto: merges.into
      ? { id: merges.into.householdId, caseRef: merges.into.caseRef, at: dateOf(merges.into.at), by: merges.into.by }
      : null,
    mergedFrom: merges.from.map((m) => ({
      id: m.id,
      householdId: m.mergedHouseholdId,
      caseRef: m.mergedCaseRef,
      at: dateOf(m.at),
      by: m.by,
    })),
    anonymisedOn: page.household.anonymised_at ? formatWhen(page.household.anonymised_at) : null,
    canMerge: can(user.role, "merge:households"),
    canHold: can(user.role, "manage:retention"),
    views,
    letters: merges.into ? { ...letters, canSend: false } : letters,
    done: done && done in DONE ? DONE[done as keyof typeof DONE] : null,
    // A merged household's record is kept as the merge left it: nothing new is written to it
    // (the database refuses it too), so it offers no change.
    canEdit: !merges.into && can(user.role, "edit:households"),
    canSubjectAccess: can(user.role, "export:personal-data"),
    canPlace: !merges.into && can(user.role, "edit:placements"),
  };
}

/** Marks the household as awaiting a placement (duty owed, no accommodation secured), or clears it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const intent = (await readForm(request)).get("intent");
  if (intent !== "awaiting" && intent !== "not-awaiting") throw new Response("Bad Request", { status: 400 });
  await setAwaiting(await getDb(), user.id, id, intent === "awaiting", today(request));
  return redirect(`/households/${id}`);
}

export default function HouseholdPage() {
  const d = useLoaderData<typeof loader>();
  const sw = d.sixWeeks;
  return (
    <>
      {d.done ? (
        <NotificationBanner success>
          <h3 className="govuk-notification-banner__heading">{d.done}</h3>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Household</span>
      <h1 className="govuk-heading-l">{d.caseRef}</h1>
      {d.mergedInto ? (
        <NotificationBanner>
          <p className="govuk-notification-banner__heading">
            Merged into{" "}
            <Link className="govuk-notification-banner__link" to={`/households/${d.mergedInto.id}`}>
              {d.mergedInto.caseRef}
            </Link>{" "}
            on {d.mergedInto.at} by {d.mergedInto.by ?? "someone no longer a user"}.
          </p>
          <p className="govuk-body">
            This record is kept as it was left by the merge; the household&apos;s case continues in {d.mergedInto.caseRef}.
          </p>
        </NotificationBanner>
      ) : null}
      {d.anonymisedOn ? (
        <div className="govuk-inset-text">
          Anonymised on {d.anonymisedOn}, after the council&apos;s retention period: names, contact details and notes were removed and dates
          of birth reduced to the year. The figures it counted in are unchanged.
        </div>
      ) : null}
      {d.canPlace && !d.mergedInto ? <ButtonLink to={`/households/${d.household.id}/find-unit`}>Find a unit</ButtonLink> : null}
      {d.canEdit && !d.mergedInto ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/edit`}>
            Edit<span className="govuk-visually-hidden"> household {d.caseRef}</span>
          </Link>
        </p>
      ) : null}
      {sw?.status === "breach" && sw.inBnbTonight ? (
        <WarningText>
          This family has been in B&amp;B for {sw.used} days: the six-week limit (42 days) is broken. Move them to self-contained
          accommodation now.
        </WarningText>
      ) : sw?.status === "warning" ? (
        <WarningText>
          Day {sw.used} of 42 in B&amp;B: the six-week limit is reached on {sw.day42On}. Find self-contained accommodation.
        </WarningText>
      ) : d.lead16or17InBnb ? (
        <WarningText>B&amp;B is unsuitable for a 16 or 17 year old applicant. Move them now.</WarningText>
      ) : null}
      {d.notices
        .filter((n) => n.flag)
        .map((n) => (
          <WarningText key={n.placementId}>
            The notice to the receiving council for unit {n.unitRef} (s208) was due by {n.due} and is {n.daysOverdue}{" "}
            {n.daysOverdue === 1 ? "day" : "days"} overdue.{" "}
            <Link className="govuk-link" to={`/households/${d.household.id}/placements/${n.placementId}/notice`}>
              Record the notice for unit {n.unitRef}
            </Link>
          </WarningText>
        ))}
      {d.moveOn?.overdue ? (
        <WarningText>
          The move-on plan&apos;s target date ({d.moveOn.target}) has passed: {d.moveOn.daysOverdue}{" "}
          {d.moveOn.daysOverdue === 1 ? "day" : "days"} overdue.
        </WarningText>
      ) : null}
      {d.contacts
        .filter((c) => c.endFrom)
        .slice(0, 1)
        .map((c) => (
          <WarningText key={c.id}>
            A home visit to unit {c.unitRef} on {c.on} found: {c.outcome?.toLowerCase()}. The placement still runs, so the council is paying
            for nights after that date.{" "}
            {d.canPlace ? (
              <Link className="govuk-link" to={`/households/${d.household.id}/placements/${c.placementId}/end?end=${c.endFrom}`}>
                End the placement from {c.on}
              </Link>
            ) : null}
          </WarningText>
        ))}
      {d.reviews
        .filter((r) => r.status === "overdue")
        .map((r) => (
          <WarningText key={r.id}>
            The decision on the suitability review requested on {r.requested} (s202) was due by {r.due} and is {r.daysOverdue}{" "}
            {r.daysOverdue === 1 ? "day" : "days"} overdue.
          </WarningText>
        ))}
      <SummaryList
        rows={[
          {
            key: "Case officer",
            value: d.household.officer?.name ?? "Nobody",
            action: d.canEdit ? (
              <Link className="govuk-link" to={`/households/${d.household.id}/officer`}>
                Change<span className="govuk-visually-hidden"> case officer</span>
              </Link>
            ) : undefined,
          },
          { key: "Duty", value: d.household.dutyLabel },
          { key: "Household type", value: d.facts.type },
          { key: "People", value: d.facts.occupants },
          { key: "Dependent children", value: d.facts.children },
          { key: "Pregnant member", value: d.facts.pregnant ? "Yes" : "No" },
          { key: "Family, for the B&B rule", value: d.facts.family ? "Yes: B&B only in an emergency, and for no more than 6 weeks" : "No" },
          {
            key: "Bedroom need (bedroom standard)",
            value: (
              <>
                {d.facts.bedrooms}
                <ul className="govuk-list govuk-body-s">
                  {d.facts.bedroomExplanation.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              </>
            ),
          },
          { key: "Step-free access needed", value: d.household.step_free_needed ? "Yes" : "No" },
          { key: "Support needs", value: d.household.support_needs || "None recorded" },
          {
            key: "Awaiting a placement",
            value: d.household.awaitingSince ? `Yes, since ${d.household.awaitingSince}` : "No",
            action: d.canEdit ? (
              <Form method="post">
                {d.household.awaitingSince ? (
                  <Button secondary name="intent" value="not-awaiting">
                    Clear<span className="govuk-visually-hidden"> awaiting a placement</span>
                  </Button>
                ) : (
                  <Button secondary name="intent" value="awaiting">
                    Mark as awaiting a placement
                  </Button>
                )}
              </Form>
            ) : undefined,
          },
          ...(sw && sw.status !== "not_applicable" ? [{ key: "B&B days used (of 42)", value: `${sw.used}` }] : []),
          {
            key: "Current application",
            value: d.applicationStartedOn
              ? `Started on ${d.applicationStartedOn}: B&B nights count from then`
              : "No new application recorded: every B&B night counts",
            action: d.canEdit ? (
              <Link className="govuk-link" to={`/households/${d.household.id}/applications/new`}>
                Record a new application
              </Link>
            ) : undefined,
          },
        ]}
      />
      <h2 className="govuk-heading-m" id="contact-details">
        Contact details
      </h2>
      <SummaryList
        rows={[
          { key: "Telephone", value: d.contactDetails.phone || "Not recorded" },
          { key: "Email", value: d.contactDetails.email || "Not recorded" },
          { key: "Prefers to be contacted by", value: d.contactDetails.preferredContactLabel ?? "Not recorded" },
          {
            key: "Language",
            value: (d.contactDetails.language || "Not recorded") + (d.contactDetails.interpreterNeeded ? ": needs an interpreter" : ""),
          },
          {
            key: "Current address",
            value: <span className="waypoint-note">{d.contactDetails.currentAddress || "Not recorded"}</span>,
          },
          {
            key: "Previous settled address",
            value: <span className="waypoint-note">{d.contactDetails.previousAddress || "Not recorded"}</span>,
          },
          {
            key: "Local connection",
            value:
              [d.contactDetails.localConnectionDistrict, d.contactDetails.localConnection].filter(Boolean).join(": ") || "None recorded",
          },
          {
            key: "Vulnerability needs",
            value: d.contactDetails.vulnerability.restricted ? (
              d.contactDetails.vulnerability.message
            ) : (
              <>
                <span className="waypoint-note">{d.contactDetails.vulnerability.needs || "None recorded"}</span>
                {d.contactDetails.vulnerability.sensitive ? (
                  <>
                    {" "}
                    <Tag colour="red">Sensitive</Tag>
                  </>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {d.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/contact-details`}>
            Change the contact details<span className="govuk-visually-hidden"> of household {d.caseRef}</span>
          </Link>
        </p>
      ) : null}
      <Table
        caption="Members"
        rowKey={(m) => m.id}
        rows={d.members}
        columns={[
          { header: "Name", cell: (m) => m.name },
          { header: "Relationship", cell: (m) => m.relationship },
          { header: "Date of birth", cell: (m) => m.dob || "Not recorded" },
          { header: "Age", cell: (m) => m.age ?? "", numeric: true },
          { header: "Pregnant", cell: (m) => (m.pregnant ? "Yes" : "") },
        ]}
      />
      <Table
        caption="Placements"
        rowKey={(p) => p.id}
        rows={d.placements}
        empty="No placements yet."
        columns={[
          {
            header: "Unit",
            cell: (p) => (
              <>
                {p.unit} {p.current ? <Tag colour="green">Tonight</Tag> : null}
                {p.cancelled ? <Tag colour="grey">Cancelled</Tag> : null}
              </>
            ),
          },
          {
            header: "Where",
            cell: (p) => (
              <>
                {p.where}
                {p.outOfDistrict ? (
                  <>
                    {" "}
                    <Tag colour="purple">Out of district</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          {
            header: "Type",
            cell: (p) => (
              <>
                {p.type}
                {p.isBnb ? (
                  <>
                    {" "}
                    <Tag colour="orange">B&amp;B</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "From", cell: (p) => p.start },
          { header: "To", cell: (p) => p.end ?? "Open" },
          { header: "Nights", cell: (p) => p.nights, numeric: true },
          { header: "Left to", cell: (p) => p.destination ?? "" },
          { header: "Cost so far", cell: (p) => p.cost, numeric: true },
          { header: "Estimated net cost", cell: (p) => p.net, numeric: true },
          ...(d.canPlace
            ? [
                {
                  header: <span className="govuk-visually-hidden">Actions</span>,
                  cell: (p: (typeof d.placements)[number]) =>
                    p.changeable ? (
                      <ul className="govuk-list govuk-body-s">
                        {(p.open ? (["transfer", "end", "correct"] as const) : (["correct"] as const)).map((a) => (
                          <li key={a}>
                            <Link
                              className="govuk-link"
                              to={
                                a === "transfer"
                                  ? `/households/${d.household.id}/find-unit?transfer=${p.id}`
                                  : `/households/${d.household.id}/placements/${p.id}/${a}`
                              }
                            >
                              {a === "transfer" ? "Transfer" : a === "end" ? "End placement" : "Correct dates"}
                              <span className="govuk-visually-hidden"> (unit {p.unit})</span>
                            </Link>
                          </li>
                        ))}
                        <li>
                          <Link className="govuk-link" to={`/households/${d.household.id}/placements/${p.id}/complaints`}>
                            Complaints
                            <span className="govuk-visually-hidden"> (unit {p.unit})</span>
                          </Link>
                        </li>
                      </ul>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Table
        caption="Time in temporary accommodation (episodes)"
        rowKey={(e) => e.id}
        rows={d.episodes}
        empty="Not yet in temporary accommodation."
        columns={[
          { header: "Entered", cell: (e) => e.start },
          { header: "Left", cell: (e) => e.end ?? "Still in TA" },
          { header: "Days", cell: (e) => e.days, numeric: true },
          { header: "Placements", cell: (e) => e.placements, numeric: true },
          { header: "Destination", cell: (e) => e.destination ?? "" },
        ]}
      />
      <h2 className="govuk-heading-m" id="move-on">
        Move-on plan
      </h2>
      {d.moveOn ? (
        <SummaryList
          rows={[
            { key: "Pathway", value: d.moveOn.pathway },
            {
              key: "Target date",
              value: (
                <>
                  {d.moveOn.target}
                  {d.moveOn.overdue ? (
                    <>
                      {" "}
                      <Tag colour="red">Past target</Tag>
                    </>
                  ) : null}
                </>
              ),
            },
            { key: "Next action", value: d.moveOn.nextAction || "None recorded" },
            { key: "Owner", value: d.moveOn.owner },
          ]}
        />
      ) : (
        <p className="govuk-body">No move-on plan yet.</p>
      )}
      {d.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/move-on`}>
            {d.moveOn ? "Change the move-on plan" : "Add a move-on plan"}
          </Link>
        </p>
      ) : null}

      <h2 className="govuk-heading-m" id="notices">
        Notices to receiving councils (s208)
      </h2>
      {d.noDistrictSet ? (
        <p className="govuk-body">
          The council&apos;s own district is not set, so out-of-district placements cannot be found. An administrator can set it in
          Administration.
        </p>
      ) : d.notices.length === 0 ? (
        <p className="govuk-body">No out-of-district placements.</p>
      ) : (
        <Table
          caption={<span className="govuk-visually-hidden">Notices to receiving councils</span>}
          captionSize="s"
          rowKey={(n) => n.placementId}
          rows={d.notices}
          columns={[
            { header: "Unit", cell: (n) => n.unitRef },
            { header: "District", cell: (n) => n.district },
            { header: "Due by", cell: (n) => n.due },
            {
              header: "Status",
              cell: (n) =>
                n.status === "overdue" ? (
                  <Tag colour="red">Overdue</Tag>
                ) : n.status === "due" ? (
                  <Tag colour="yellow">Due</Tag>
                ) : n.status === "sent_late" ? (
                  <Tag colour="orange">Sent late</Tag>
                ) : (
                  <Tag colour="green">Sent</Tag>
                ),
            },
            { header: "Sent", cell: (n) => (n.sentOn ? `${n.sentOn} to ${n.sentTo} (${n.method})` : "") },
            {
              header: "Actions",
              cell: (n) => (
                <>
                  {d.canEdit ? (
                    <>
                      <Link className="govuk-link" to={`/households/${d.household.id}/placements/${n.placementId}/notice`}>
                        {n.sentOn ? "Change" : "Record as sent"}
                        <span className="govuk-visually-hidden"> notice for unit {n.unitRef}</span>
                      </Link>
                      <br />
                    </>
                  ) : null}
                  <Link className="govuk-link" to={`/households/${d.household.id}/placements/${n.placementId}/notice/print`}>
                    Print<span className="govuk-visually-hidden"> notice for unit {n.unitRef}</span>
                  </Link>
                </>
              ),
            },
          ]}
        />
      )}

      <h2 className="govuk-heading-m" id="reviews">
        Suitability reviews (s202)
      </h2>
      {d.reviews.length === 0 ? (
        <p className="govuk-body">No review requested.</p>
      ) : (
        <Table
          caption={<span className="govuk-visually-hidden">Suitability reviews</span>}
          captionSize="s"
          rowKey={(r) => r.id}
          rows={d.reviews}
          columns={[
            { header: "Offer", cell: (r) => r.offered },
            {
              header: "Requested",
              cell: (r) => (
                <>
                  {r.requested}
                  {r.requestedLate ? (
                    <>
                      {" "}
                      <Tag colour="orange">After 21 days</Tag>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Decision due", cell: (r) => r.due },
            {
              header: "Outcome",
              cell: (r) =>
                r.outcome ? (
                  `${r.outcome}, ${r.decided}${r.decidedLate ? " (late)" : ""}`
                ) : r.status === "overdue" ? (
                  <Tag colour="red">Overdue</Tag>
                ) : (
                  <Tag colour="yellow">Pending</Tag>
                ),
            },
            {
              header: "Actions",
              cell: (r) =>
                d.canEdit && !r.outcome ? (
                  <Link className="govuk-link" to={`/households/${d.household.id}/reviews/${r.id}`}>
                    Record the decision<span className="govuk-visually-hidden"> on the review requested {r.requested}</span>
                  </Link>
                ) : (
                  ""
                ),
            },
          ]}
        />
      )}
      {d.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/reviews/new`}>
            Record a review request
          </Link>
        </p>
      ) : null}

      <h2 className="govuk-heading-m" id="contacts">
        Contacts and visits
      </h2>
      <Table
        caption={<span className="govuk-visually-hidden">Contacts and visits, latest first</span>}
        captionSize="s"
        rowKey={(c) => c.id}
        rows={d.contacts}
        empty="No contact recorded yet."
        columns={[
          {
            header: "Contact",
            cell: (c) => (
              <>
                {c.time ? `${c.on}, ${c.time}` : c.on}
                <br />
                {c.unitRef && c.kindCode === "visit" ? `${c.kind} (unit ${c.unitRef})` : c.kind}
                <br />
                <span className="govuk-body-s">Recorded by {c.recordedBy}</span>
              </>
            ),
          },
          {
            header: "What happened",
            cell: (c) => (
              <>
                {c.outcomeCode ? (
                  <>
                    <Tag colour={c.outcomeCode === "confirmed" ? "green" : c.outcomeCode === "absent" ? "yellow" : "red"}>{c.outcome}</Tag>
                    {c.note ? <br /> : null}
                  </>
                ) : null}
                {c.note}
              </>
            ),
          },
          ...(d.canPlace
            ? [
                {
                  header: <span className="govuk-visually-hidden">Actions</span>,
                  cell: (c: (typeof d.contacts)[number]) =>
                    c.endFrom && c.placementId ? (
                      <Link className="govuk-link" to={`/households/${d.household.id}/placements/${c.placementId}/end?end=${c.endFrom}`}>
                        End the placement from {c.on}
                        <span className="govuk-visually-hidden"> (unit {c.unitRef})</span>
                      </Link>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {d.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/contacts/new`}>
            Record a contact or visit
          </Link>
        </p>
      ) : null}

      <h2 className="govuk-heading-m" id="timeline">
        Case file: notes and timeline
      </h2>
      <p className="govuk-body">Notes, placements, contacts and changes to the record, newest first.</p>
      {d.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/notes/new`}>
            Add a case note
          </Link>
        </p>
      ) : null}
      {d.timeline.length === 0 ? (
        <p className="govuk-body">Nothing on the case file yet.</p>
      ) : (
        <ol className="waypoint-timeline" aria-label="Case file timeline">
          {d.timeline.map((t) => (
            <li key={t.key} id={t.key} className={t.corrected ? "waypoint-timeline--corrected" : undefined}>
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                <Tag colour={TIMELINE_KINDS[t.kind].colour}>{TIMELINE_KINDS[t.kind].label}</Tag> {t.when}
                {t.by ? `, ${t.by}` : ""}
              </p>
              <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                {t.title}
                {t.corrected ? (
                  <>
                    {" "}
                    <Tag colour="orange">Corrected</Tag>
                  </>
                ) : null}
              </p>
              {t.body ? <p className="govuk-body waypoint-note govuk-!-margin-bottom-1">{t.body}</p> : null}
              {t.href ? (
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  <Link className="govuk-link" to={t.href}>
                    Open the letter<span className="govuk-visually-hidden"> of {t.when}</span>
                  </Link>
                </p>
              ) : null}
              {t.links?.map((l) => (
                <p className="govuk-body-s govuk-!-margin-bottom-1" key={l.anchor}>
                  <a className="govuk-link" href={`#${l.anchor}`}>
                    {l.text}
                  </a>
                </p>
              ))}
              {d.canEdit && t.correctable ? (
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  <Link className="govuk-link" to={`/households/${d.household.id}/notes/new?corrects=${t.correctable}`}>
                    Correct this note<span className="govuk-visually-hidden"> of {t.when}</span>
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <LettersSection householdId={d.household.id} {...d.letters} />

      <Table
        caption="History"
        rowKey={(h) => h.id}
        rows={d.history}
        empty="No changes recorded in Waypoint yet."
        columns={[
          { header: "When", cell: (h) => h.at },
          { header: "Who", cell: (h) => h.user },
          { header: "What", cell: (h) => h.what },
        ]}
      />
      {d.linked.length ? (
        <Table
          caption="The same person in another household"
          rowKey={(l, i) => `${l.other_household_id}-${i}`}
          rows={d.linked}
          columns={[
            { header: "Member", cell: (l) => l.name },
            {
              header: "Also recorded in",
              cell: (l) => (
                <Link className="govuk-link" to={`/households/${l.other_household_id}`}>
                  {l.other_case_ref}
                </Link>
              ),
            },
          ]}
        />
      ) : null}
      {d.mergedFrom.length ? (
        <Table
          caption="Households merged into this one"
          rowKey={(m) => m.id}
          rows={d.mergedFrom}
          columns={[
            {
              header: "Household",
              cell: (m) => (
                <Link className="govuk-link" to={`/households/${m.householdId}`}>
                  {m.caseRef}
                </Link>
              ),
            },
            { header: "Merged", cell: (m) => `${m.at} by ${m.by ?? "someone no longer a user"}` },
          ]}
        />
      ) : null}
      {d.canMerge && !d.mergedInto ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/merge`}>
            Merge a household registered twice into this one{d.mergedFrom.length ? ", or undo a merge" : ""}
          </Link>
        </p>
      ) : null}
      {d.canHold ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.household.id}/legal-hold`}>
            {d.household.legal_hold_reason
              ? "Legal hold: on (change or take off)"
              : "Put the case on legal hold (keep it from being anonymised)"}
          </Link>
        </p>
      ) : null}
      {d.views ? (
        <Table
          caption="Who looked (the last 20 views)"
          rowKey={(v) => v.id}
          rows={d.views}
          empty="Nobody has looked at this household yet."
          columns={[
            { header: "When", cell: (v) => v.at },
            { header: "Who", cell: (v) => v.who },
            { header: "What", cell: (v) => v.what },
          ]}
        />
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/households/${d.household.id}/trials`}>
          Changes being tested with this household (test and learn)
        </Link>
      </p>
      {d.canSubjectAccess ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/subject-access?household=${d.household.id}`}>
            Answer a subject access request from a member
          </Link>
        </p>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/households">
          Back to households
        </Link>
      </p>
    </>
  );
}
