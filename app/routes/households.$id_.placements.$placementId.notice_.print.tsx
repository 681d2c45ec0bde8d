import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { formatDate } from "~/lib/dates";
import { DUTIES } from "~/lib/vocabulary";
import { leadApplicant, memberAge } from "~/features/households/household";
import { householdFactsOn } from "~/features/households/household-facts.server";
import { toDomainMember } from "~/features/households/households.server";
import { s208NoticeContents } from "~/features/casework/casework.server";
import { councilName } from "~/lib/council.server";
import { recordView } from "~/lib/audit.server";
import { districtLabel, districtOf } from "~/features/admin/districts.server";
import { BackLink, SummaryList } from "~/lib/components/govuk";

export const handle = { title: "Notice of an out-of-district placement (s208)" };

const REL = { lead: "lead applicant", partner: "partner", child: "child", other_adult: "other adult" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:households");
  const id = parseId(params.id);
  const day = today(request);
  const db = await getDb();
  await recordView(db, { userId: user.id, what: "letter", householdId: id, detail: "s208 notice" });
  const { placement: p, members, notice } = await s208NoticeContents(db, id, parseId(params.placementId), day);
  const dm = members.map(toDomainMember);
  const facts = await householdFactsOn(db, id, p.start_date);
  const receiving = await districtOf(db, p.district_gss);
  const lead = leadApplicant(dm);
  return {
    id,
    council: await councilName(),
    caseRef: p.case_ref,
    applicant: lead?.name ?? "Not recorded",
    people: facts.adults + facts.children,
    children: facts.children,
    pregnant: facts.expected_children > 0,
    members: members.map((m, i) => {
      const age = memberAge(dm[i], p.start_date);
      return `${m.name}, ${REL[m.relationship]}${age !== null ? `, aged ${age}` : ""}${m.pregnant ? ", pregnant" : ""}`;
    }),
    address: [...new Set([p.unit_name, p.property_name, p.address_line_1, p.town, p.postcode].filter(Boolean))],
    district: districtLabel(p.district_gss, receiving),
    receivingCouncil: receiving?.council || null,
    noticeTo: receiving ? [...receiving.noticeAddress.split(/\r?\n/), receiving.noticeEmail].map((l) => l.trim()).filter(Boolean) : [],
    madeAvailable: formatDate(p.start_date),
    duty: DUTIES[p.duty],
    sent: notice ? `${formatDate(notice.sent_on)} to ${notice.sent_to}` : null,
  };
}

export default function NoticePrint() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <span className="govuk-caption-l">{d.council}</span>
        <h1 className="govuk-heading-l">Notice of an out-of-district placement</h1>
        <p className="govuk-body">
          Section 208(2) of the Housing Act 1996: {d.council} gives notice that it has secured accommodation in your district for the
          household below.
        </p>
        {d.receivingCouncil || d.noticeTo.length ? (
          <p className="govuk-body">
            To: {d.receivingCouncil ?? "the housing authority for the district"}
            {d.noticeTo.map((l, i) => (
              <span key={i}>
                <br />
                {l}
              </span>
            ))}
          </p>
        ) : (
          <p className="govuk-body">
            The register of districts does not say which council receives notices for {d.district}: an administrator adds it under
            Administration, Districts.
          </p>
        )}
        <SummaryList
          rows={[
            { key: "Applicant's name", value: d.applicant },
            { key: "Our case reference", value: d.caseRef },
            {
              key: "Number of household members",
              value: `${d.people}${d.children ? `, of whom ${d.children} dependent ${d.children === 1 ? "child" : "children"}` : ""}${d.pregnant ? "; a member is pregnant" : ""}`,
            },
            {
              key: "Description of household members (ages on the date made available)",
              value: (
                <ul className="govuk-list">
                  {d.members.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              ),
            },
            {
              key: "Address of the accommodation",
              value: (
                <>
                  {d.address.map((l, i) => (
                    <span key={i}>
                      {l}
                      <br />
                    </span>
                  ))}
                </>
              ),
            },
            { key: "District", value: d.district },
            { key: "Date the accommodation was made available", value: d.madeAvailable },
            { key: "Duty under which it was provided", value: d.duty },
          ]}
        />
        {d.sent ? (
          <p className="govuk-body">Sent {d.sent}.</p>
        ) : (
          <p className="govuk-body">Print this page or save it as a PDF to send it, then record it as sent.</p>
        )}
      </div>
    </div>
  );
}
