import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { assertMayOpen, requirePlacer } from "~/features/placements/placer.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { idParam, parseForm, parseId, readForm } from "~/lib/forms.server";
import { unitForHousehold } from "~/features/placements/find-unit.server";
import { placeHousehold } from "~/features/placements/placements.server";
import { placeSchema, preparePlace } from "~/features/stock/stock-forms.server";
import { decisionOf } from "~/features/stock/stock-forms.server";
import { PlacementDecisionFields } from "~/features/placements/decision-fields";
import { BackLink, Button, Checkboxes, DateInput } from "~/lib/components/govuk";
import { ErrorSummaryWithClash } from "~/lib/components/clash";
import { UnitSummary } from "~/features/stock/unit-summary";
import { dateToParts, daysBetween, isIsoDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { estimateStayCosts, stayCostText } from "~/features/money/cost.server";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Check and place the household" };

const FIELD: Record<string, string> = {
  decision: "decision",
  decisionNote: "decisionNote",
  startDate: "start",
  endDate: "end",
  unitId: "unit",
  householdId: "unit",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const placer = await requirePlacer(request);
  const db = await getDb();
  const householdId = parseId(params.id);
  const url = new URL(request.url);
  const unitId = idParam.safeParse(url.searchParams.get("unit"));
  if (!unitId.success) throw redirect(`/households/${householdId}/find-unit`);
  const household = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", householdId).executeTakeFirst();
  if (!household) throw new Response("Not Found", { status: 404 });
  const startParam = url.searchParams.get("start");
  const start = isIsoDate(startParam) ? startParam : today(request);
  const endParam = url.searchParams.get("end");
  const end = isIsoDate(endParam) && endParam > start ? endParam : null;
  const found = await unitForHousehold(db, householdId, unitId.data, start);
  assertMayOpen(placer, found.suitability.doNotUse);
  const open = await db
    .selectFrom("placements")
    .select("id")
    .where("household_id", "=", householdId)
    .where("cancelled_at", "is", null)
    .where((eb) => eb.or([eb("end_date", "is", null), eb("end_date", ">", start)]))
    .where("start_date", "<=", start)
    .executeTakeFirst();
  const nights = end ? daysBetween(start, end) : 28;
  const cost = (await estimateStayCosts(db, { unitIds: [unitId.data], start, nights })).get(unitId.data);
  const costText = `${cost?.nightlyPence != null ? `${formatPence(cost.nightlyPence)} on the first night. ` : ""}Estimated net cost to the council: ${stayCostText(cost, nights, !end)}`;
  return {
    householdId,
    caseRef: household.case_ref,
    unitId: unitId.data,
    start: dateToParts(start),
    end: dateToParts(end),
    hasOpen: !!open,
    costText,
    ...found,
    mayUseDoNotUse: placer.mayUseDoNotUse,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const placer = await requirePlacer(request);
  const actor = placer.user;
  const householdId = parseId(params.id);
  const form = parseForm(await readForm(request), placeSchema, preparePlace);
  if (!form.ok) return { errors: form.errors, values: form.values, clash: null };
  const db = await getDb();
  try {
    await placeHousehold(db, actor.id, {
      householdId,
      unitId: form.data.unitId,
      startDate: form.data.start!,
      endDate: form.data.end,
      isSplit: form.data.split,
      decision: decisionOf(form.data),
      mayUseDoNotUse: placer.mayUseDoNotUse,
      onlyDoNotUse: placer.onlyDoNotUse,
    });
  } catch (e) {
    const r = asRefusal(e);
    return { errors: r.errors(FIELD[r.field] ?? "unit"), values: form.values, clash: r.clash ?? null };
  }
  throw redirect(`/households/${householdId}?done=placed`);
}

export default function Place() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values;
  const part = (name: string, fallback: { day: string; month: string; year: string }) =>
    v ? { day: v[`${name}-day`] ?? "", month: v[`${name}-month`] ?? "", year: v[`${name}-year`] ?? "" } : fallback;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.householdId}/find-unit`}>Find a unit</BackLink>
        <ErrorSummaryWithClash
          values={v}
          errors={a?.errors}
          order={["start", "end", "unit", "decision", "decisionNote"]}
          clash={a?.clash}
          clashField={a?.clash ? Object.keys(a.errors)[0] : undefined}
          unitId={d.unitId}
        />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Check and place the household</h1>
        <UnitSummary d={d} error={a?.errors.unit} />
        <p className="govuk-body">
          <strong>Cost:</strong> {d.costText}
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="unitId" value={d.unitId} />
          <DateInput name="start" legend="Start date (first night)" error={a?.errors.start} value={part("start", d.start)} />
          <DateInput
            name="end"
            legend="End date (check-out), if known"
            hint="Leave empty for an open-ended placement"
            error={a?.errors.end}
            value={part("end", d.end)}
          />
          {d.hasOpen ? (
            <Checkboxes
              name="split"
              legend="The household already has a placement on this date"
              small
              hint="Only for a household split across two units at once; otherwise transfer them instead"
              choices={[{ value: "yes", label: "Record a split placement" }]}
              defaultValues={v?.split ? ["yes"] : []}
            />
          ) : null}
          <PlacementDecisionFields
            warnings={d.suitability.warnings}
            doNotUse={d.suitability.doNotUse}
            mayUseDoNotUse={d.mayUseDoNotUse}
            errors={a?.errors}
            values={v}
          />
          <Button>Place household</Button>
        </Form>
      </div>
    </div>
  );
}
