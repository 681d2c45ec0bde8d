import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { cancelPlacement } from "~/features/placements/placements.server";
import { getOwnPlacement } from "~/features/placements/placement-view.server";
import { cancelSchema } from "~/features/stock/stock-forms.server";
import { BackLink, Button, ErrorSummary, Textarea, WarningText } from "~/lib/components/govuk";
import { formatDate } from "~/lib/dates";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Cancel a placement made in error" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:placements");
  const householdId = parseId(params.id);
  const p = await getOwnPlacement(await getDb(), householdId, parseId(params.placementId));
  return {
    householdId,
    caseRef: p.case_ref,
    unitRef: p.unit_ref,
    where: `${p.property_name}, ${p.town}`,
    start: formatDate(p.start_date),
    end: p.end_date ? formatDate(p.end_date) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:placements");
  const householdId = parseId(params.id);
  const form = parseForm(await readForm(request), cancelSchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await cancelPlacement(await getDb(), actor.id, {
      householdId,
      placementId: parseId(params.placementId),
      reason: form.data.reason,
    });
  } catch (e) {
    return { errors: asRefusal(e).errors("reason"), values: form.values };
  }
  throw redirect(`/households/${householdId}?done=cancelled`);
}

export default function CancelPlacement() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.householdId}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={a?.errors} order={["reason"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Cancel a placement made in error</h1>
        <p className="govuk-body">
          Unit {d.unitRef} ({d.where}), from {d.start}
          {d.end ? ` to ${d.end}` : ""}.
        </p>
        <WarningText>
          Cancelling removes the placement from the unit's calendar and from the household's time in temporary accommodation. It stays in
          the history. To record that the household left, end the placement instead.
        </WarningText>
        <Form method="post" noValidate>
          <Textarea name="reason" label="Why is the placement being cancelled?" error={a?.errors.reason} defaultValue={a?.values.reason} />
          <Button warning>Cancel placement</Button>
        </Form>
      </div>
    </div>
  );
}
