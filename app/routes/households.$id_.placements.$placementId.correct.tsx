import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { correctPlacementDates } from "~/features/placements/placements.server";
import { getOwnPlacement } from "~/features/placements/placement-view.server";
import { correctSchema, prepareCorrect } from "~/features/stock/stock-forms.server";
import { BackLink, Button, DateInput, Textarea } from "~/lib/components/govuk";
import { ErrorSummaryWithClash } from "~/lib/components/clash";
import { dateToParts } from "~/lib/dates";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Correct the placement's dates" };

const FIELD: Record<string, string> = { startDate: "start", endDate: "end", unitId: "start", _form: "_form" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:placements");
  const householdId = parseId(params.id);
  const p = await getOwnPlacement(await getDb(), householdId, parseId(params.placementId));
  return {
    householdId,
    placementId: p.id,
    caseRef: p.case_ref,
    unitId: p.unit_id,
    unitRef: p.unit_ref,
    where: `${p.property_name}, ${p.town}`,
    start: dateToParts(p.start_date),
    end: dateToParts(p.end_date),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:placements");
  const householdId = parseId(params.id);
  const placementId = parseId(params.placementId);
  const form = parseForm(await readForm(request), correctSchema, prepareCorrect);
  if (!form.ok) return { errors: form.errors, values: form.values, clash: null };
  const f = form.data;
  try {
    await correctPlacementDates(await getDb(), actor.id, {
      householdId,
      placementId,
      startDate: f.start!,
      endDate: f.end,
      reason: f.reason,
    });
  } catch (e) {
    const r = asRefusal(e);
    return { errors: r.errors(FIELD[r.field] ?? "start"), values: form.values, clash: r.clash ?? null };
  }
  throw redirect(`/households/${householdId}?done=corrected`);
}

export default function CorrectDates() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values;
  const part = (name: string, fallback: { day: string; month: string; year: string }) =>
    v ? { day: v[`${name}-day`] ?? "", month: v[`${name}-month`] ?? "", year: v[`${name}-year`] ?? "" } : fallback;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.householdId}`}>Household {d.caseRef}</BackLink>
        <ErrorSummaryWithClash
          values={v}
          errors={a?.errors}
          order={["start", "end", "reason"]}
          clash={a?.clash}
          clashField={a?.clash ? Object.keys(a.errors)[0] : undefined}
          unitId={d.unitId}
        />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Correct the placement's dates</h1>
        <p className="govuk-body">
          Unit {d.unitRef} ({d.where}). Use this only to put right dates entered by mistake: the change and your reason are kept in the
          household's history.
        </p>
        <Form method="post" noValidate>
          <DateInput name="start" legend="Start date (first night)" error={a?.errors.start} value={part("start", d.start)} />
          <DateInput
            name="end"
            legend="End date (check-out)"
            hint="Leave empty if the placement is still open"
            error={a?.errors.end}
            value={part("end", d.end)}
          />
          <Textarea name="reason" label="Why are the dates being corrected?" error={a?.errors.reason} defaultValue={v?.reason} />
          <Button>Correct dates</Button>
        </Form>
        <p className="govuk-body">
          Placement made in error?{" "}
          <Link className="govuk-link" to={`/households/${d.householdId}/placements/${d.placementId}/cancel`}>
            Cancel the placement
          </Link>
        </p>
      </div>
    </div>
  );
}
