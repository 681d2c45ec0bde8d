import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertMayOpen, requirePlacer } from "~/features/placements/placer.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { idParam, parseForm, parseId, readForm } from "~/lib/forms.server";
import { unitForHousehold } from "~/features/placements/find-unit.server";
import { transferHousehold } from "~/features/placements/placements.server";
import { getOwnPlacement } from "~/features/placements/placement-view.server";
import { transferSchema, prepareTransfer } from "~/features/stock/stock-forms.server";
import { decisionOf } from "~/features/stock/stock-forms.server";
import { PlacementDecisionFields } from "~/features/placements/decision-fields";
import { BackLink, Button, DateInput } from "~/lib/components/govuk";
import { ErrorSummaryWithClash } from "~/lib/components/clash";
import { UnitSummary } from "~/features/stock/unit-summary";
import { dateToParts, formatDate, isIsoDate } from "~/lib/dates";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Transfer the household" };

const FIELD: Record<string, string> = {
  decision: "decision",
  decisionNote: "decisionNote",
  date: "date",
  startDate: "date",
  endDate: "date",
  unitId: "unit",
  _form: "_form",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const placer = await requirePlacer(request);
  const db = await getDb();
  const householdId = parseId(params.id);
  const placement = await getOwnPlacement(db, householdId, parseId(params.placementId));
  const url = new URL(request.url);
  const unitId = idParam.safeParse(url.searchParams.get("unit"));
  if (!unitId.success) throw redirect(`/households/${householdId}/find-unit?transfer=${placement.id}`);
  const dateParam = url.searchParams.get("date");
  const date = isIsoDate(dateParam) ? dateParam : today(request);
  const found = await unitForHousehold(db, householdId, unitId.data, date);
  assertMayOpen(placer, found.suitability.doNotUse);
  return {
    householdId,
    caseRef: placement.case_ref,
    unitId: unitId.data,
    date: dateToParts(date),
    from: {
      unitRef: placement.unit_ref,
      where: `${placement.property_name}, ${placement.town}`,
      start: formatDate(placement.start_date),
      end: placement.end_date ? formatDate(placement.end_date) : null,
    },
    ...found,
    mayUseDoNotUse: placer.mayUseDoNotUse,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const placer = await requirePlacer(request);
  const actor = placer.user;
  const householdId = parseId(params.id);
  const placementId = parseId(params.placementId);
  const form = parseForm(await readForm(request), transferSchema, prepareTransfer);
  if (!form.ok) return { errors: form.errors, values: form.values, clash: null };
  try {
    await transferHousehold(await getDb(), actor.id, {
      householdId,
      placementId,
      unitId: form.data.unitId,
      date: form.data.date!,
      decision: decisionOf(form.data),
      mayUseDoNotUse: placer.mayUseDoNotUse,
      onlyDoNotUse: placer.onlyDoNotUse,
    });
  } catch (e) {
    const r = asRefusal(e);
    return { errors: r.errors(FIELD[r.field] ?? "unit"), values: form.values, clash: r.clash ?? null };
  }
  throw redirect(`/households/${householdId}?done=transferred`);
}

export default function Transfer() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.householdId}`}>Household {d.caseRef}</BackLink>
        <ErrorSummaryWithClash
          values={v}
          errors={a?.errors}
          order={["date", "unit", "decision", "decisionNote"]}
          clash={a?.clash}
          clashField={a?.clash ? Object.keys(a.errors)[0] : undefined}
          unitId={d.unitId}
        />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Transfer the household</h1>
        <p className="govuk-body">
          From unit {d.from.unitRef} ({d.from.where}), placed from {d.from.start}
          {d.from.end ? ` to ${d.from.end}` : ""}. The current placement ends on the date of the move and the new one starts that day.
        </p>
        <UnitSummary d={d} error={a?.errors.unit} />
        <Form method="post" noValidate>
          <input type="hidden" name="unitId" value={d.unitId} />
          <DateInput
            name="date"
            legend="Date of the move"
            hint="The first night in the new unit"
            error={a?.errors.date}
            value={v ? { day: v["date-day"] ?? "", month: v["date-month"] ?? "", year: v["date-year"] ?? "" } : d.date}
          />
          <PlacementDecisionFields
            warnings={d.suitability.warnings}
            doNotUse={d.suitability.doNotUse}
            mayUseDoNotUse={d.mayUseDoNotUse}
            errors={a?.errors}
            values={v}
          />
          <Button>Transfer household</Button>
        </Form>
      </div>
    </div>
  );
}
