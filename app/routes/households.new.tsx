import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { errorOrder, memberRows, readHouseholdForm, MAX_MEMBERS } from "~/features/households/household-form.server";
import { registerHousehold } from "~/features/casework/casework.server";
import { possibleSamePeople } from "~/features/households/person-links.server";
import { asRefusal } from "~/lib/refusal";
import { BackLink, WarningText } from "~/lib/components/govuk";
import { formatDate, type IsoDate } from "~/lib/dates";
import { HouseholdForm } from "~/features/households/household-form";
import { readForm } from "~/lib/forms.server";

export const handle = { title: "Register a household" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const values = { member_count: "1", "m0-relationship": "lead" };
  return { values, rows: memberRows(values), order: errorOrder(values), maxMembers: MAX_MEMBERS };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const day = today(request);
  const form = readHouseholdForm(await readForm(request), day);
  const base = {
    rows: memberRows(form.values),
    order: errorOrder(form.values),
    values: form.values,
    existingId: undefined as number | undefined,
    duplicates: [] as { name: string; born: string; memberName: string; householdId: number; caseRef: string; similar: boolean }[],
    seen: "",
  };
  if (form.kind === "rows") return { ...base, errors: {} as Record<string, string> };
  if (form.kind === "invalid") return { ...base, errors: form.errors as Record<string, string> };
  const db = await getDb();
  // Duplicates at the door (issue 20, item 6): a member with the name and date of birth of a member
  // of another household is shown, with a link to it, before the household is registered; the
  // officer registers anyway (then decides, pair by pair, whether they are the same person) or opens it.
  const matches = await possibleSamePeople(db, form.data.members);
  const seen = matches.map((m) => m.memberId).join(",");
  if (matches.length && form.values.duplicates_seen !== seen)
    return {
      ...base,
      errors: {} as Record<string, string>,
      seen,
      duplicates: matches.map((m) => ({
        name: form.data.members[m.index].name,
        born: formatDate(form.data.members[m.index].dateOfBirth as IsoDate),
        memberName: m.memberName,
        householdId: m.householdId,
        caseRef: m.caseRef,
        similar: m.kind === "similar_person",
      })),
    };
  try {
    const id = await registerHousehold(db, user.id, form.data, day);
    return redirect(matches.length ? `/households/${id}/same-people` : `/households/${id}`);
  } catch (e) {
    const r = asRefusal(e);
    return { ...base, errors: r.errors(), existingId: r.existingId };
  }
}

export default function RegisterHousehold() {
  const initial = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const d = data ?? { ...initial, errors: {} as Record<string, string>, existingId: undefined, duplicates: [], seen: "" };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/households">Households</BackLink>
        <h1 className="govuk-heading-l">Register a household</h1>
        {d.existingId ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/households/${d.existingId}`}>
              Open the household that already has this case reference
            </Link>
          </p>
        ) : null}
        <HouseholdForm
          values={d.values}
          rows={d.rows}
          errors={d.errors}
          order={d.order}
          register
          submitLabel={d.duplicates.length ? "Register household anyway" : "Register household"}
          maxMembers={initial.maxMembers}
          beforeSubmit={
            d.duplicates.length ? (
              <div className="govuk-!-margin-bottom-6" id="duplicates">
                <h2 className="govuk-heading-m">Someone here may already be known</h2>
                <WarningText>
                  {d.duplicates.length === 1 ? "This person has" : "These people have"} the date of birth and the name, or a similar name,
                  of a member of another household. Open that household to check before registering a second record.
                </WarningText>
                <ul className="govuk-list govuk-list--bullet">
                  {d.duplicates.map((m) => (
                    <li key={`${m.name}-${m.householdId}-${m.memberName}`}>
                      {m.name}, born {m.born}: {m.similar ? "a similar name to " : ""}
                      {m.memberName} in household{" "}
                      <Link className="govuk-link" to={`/households/${m.householdId}`}>
                        {m.caseRef}
                      </Link>
                    </li>
                  ))}
                </ul>
                <p className="govuk-body">
                  If this is a new case for someone already known, register it anyway: you will then record whether each is the same person.
                </p>
                <input type="hidden" name="duplicates_seen" value={d.seen} />
              </div>
            ) : null
          }
        />
      </div>
    </div>
  );
}
