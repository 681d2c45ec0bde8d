import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { recordView } from "~/lib/audit.server";
import { today } from "~/lib/clock.server";
import { parseId, readForm } from "~/lib/forms.server";
import { dateToParts } from "~/lib/dates";
import { errorOrder, memberRows, readHouseholdForm, MAX_MEMBERS } from "~/features/households/household-form.server";
import { householdSnapshot, updateHousehold } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { BackLink } from "~/lib/components/govuk";
import { HouseholdForm } from "~/features/households/household-form";

export const handle = { title: (d: { caseRef?: string }) => (d?.caseRef ? `Edit household ${d.caseRef}` : "Edit household") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await householdSnapshot(db, id);
  await recordView(db, { userId: user.id, what: "household", householdId: id, detail: "the edit form" });
  if (!h) throw new Response("Not Found", { status: 404 });
  const values: Record<string, string> = {
    case_ref: h.case_ref,
    duty: h.duty,
    step_free: h.step_free_needed ? "yes" : "no",
    support_needs: h.support_needs,
    member_count: String(Math.max(1, h.members.length)),
  };
  h.members.forEach((m, i) => {
    const dob = dateToParts(m.date_of_birth);
    Object.assign(values, {
      [`m${i}-id`]: String(m.id),
      [`m${i}-name`]: m.name,
      [`m${i}-dob-day`]: dob.day,
      [`m${i}-dob-month`]: dob.month,
      [`m${i}-dob-year`]: dob.year,
      [`m${i}-relationship`]: m.relationship,
      [`m${i}-sex`]: m.sex ?? "",
      ...(m.pregnant ? { [`m${i}-pregnant`]: "yes" } : {}),
    });
  });
  return { id, caseRef: h.case_ref, values, rows: memberRows(values), order: errorOrder(values), maxMembers: MAX_MEMBERS };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = readHouseholdForm(await readForm(request), today(request));
  const base = {
    rows: memberRows(form.values),
    order: errorOrder(form.values),
    values: form.values,
    existingId: undefined as number | undefined,
  };
  if (form.kind === "rows") return { ...base, errors: {} as Record<string, string> };
  if (form.kind === "invalid") return { ...base, errors: form.errors as Record<string, string> };
  try {
    await updateHousehold(await getDb(), user.id, id, form.data, today(request));
    return redirect(`/households/${id}?done=saved`);
  } catch (e) {
    const r = asRefusal(e);
    return { ...base, errors: r.errors(), existingId: r.existingId };
  }
}

export default function EditHousehold() {
  const initial = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const d = data ?? { ...initial, errors: {} as Record<string, string>, existingId: undefined };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${initial.id}`}>Household {initial.caseRef}</BackLink>
        <span className="govuk-caption-l">Household {initial.caseRef}</span>
        <h1 className="govuk-heading-l">Edit household</h1>
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
          register={false}
          submitLabel="Save changes"
          maxMembers={initial.maxMembers}
        />
      </div>
    </div>
  );
}
