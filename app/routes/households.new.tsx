import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { errorOrder, memberRows, readHouseholdForm, MAX_MEMBERS } from "~/features/households/household-form.server";
import { registerHousehold } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { BackLink } from "~/lib/components/govuk";
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
  };
  if (form.kind === "rows") return { ...base, errors: {} as Record<string, string> };
  if (form.kind === "invalid") return { ...base, errors: form.errors as Record<string, string> };
  try {
    const id = await registerHousehold(await getDb(), user.id, form.data, day);
    return redirect(`/households/${id}`);
  } catch (e) {
    const r = asRefusal(e);
    return { ...base, errors: r.errors(), existingId: r.existingId };
  }
}

export default function RegisterHousehold() {
  const initial = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const d = data ?? { ...initial, errors: {} as Record<string, string>, existingId: undefined };
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
          submitLabel="Register household"
          maxMembers={initial.maxMembers}
        />
      </div>
    </div>
  );
}
