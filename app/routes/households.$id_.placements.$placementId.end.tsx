import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { endPlacement } from "~/features/placements/placements.server";
import { getOwnPlacement } from "~/features/placements/placement-view.server";
import { endSchema, prepareEnd } from "~/features/stock/stock-forms.server";
import { BackLink, Button, DateInput, Radios, Textarea } from "~/lib/components/govuk";
import { ErrorSummaryWithClash } from "~/lib/components/clash";
import { DESTINATIONS } from "~/lib/vocabulary";
import { addDays, dateToParts, formatDate, isIsoDate, maxDate } from "~/lib/dates";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "End the placement" };

const FIELD: Record<string, string> = { endDate: "end", destination: "destination", _form: "_form" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:placements");
  const householdId = parseId(params.id);
  const p = await getOwnPlacement(await getDb(), householdId, parseId(params.placementId));
  const asked = new URL(request.url).searchParams.get("end");
  const endParam = asked && isIsoDate(asked) ? asked : null;
  return {
    householdId,
    caseRef: p.case_ref,
    unitId: p.unit_id,
    unitRef: p.unit_ref,
    where: `${p.property_name}, ${p.town}`,
    start: formatDate(p.start_date),
    // Today, or the first possible end for a placement that starts today or later; or the
    // date a home visit found the household gone (?end=YYYY-MM-DD, from the contact log).
    end: dateToParts(
      (endParam && endParam > p.start_date ? endParam : null) ?? p.end_date ?? maxDate(today(request), addDays(p.start_date, 1)),
    ),
    fromVisit: endParam !== null && endParam > p.start_date ? formatDate(endParam) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:placements");
  const householdId = parseId(params.id);
  const placementId = parseId(params.placementId);
  const placement = await getOwnPlacement(await getDb(), householdId, placementId);
  const form = parseForm(await readForm(request), endSchema(placement.start_date), prepareEnd);
  if (!form.ok) return { errors: form.errors, values: form.values, clash: null };
  const f = form.data;
  try {
    await endPlacement(await getDb(), actor.id, {
      householdId,
      placementId,
      endDate: f.end!,
      reason: f.reason,
      leavesTa: f.leaving === "leaves",
      destination: f.destination,
    });
  } catch (e) {
    const r = asRefusal(e);
    return { errors: r.errors(FIELD[r.field] ?? "end"), values: form.values, clash: r.clash ?? null };
  }
  throw redirect(`/households/${householdId}?done=ended`);
}

export default function EndPlacement() {
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
          order={["end", "leaving", "destination", "reason"]}
          clash={a?.clash}
          clashField="end"
          unitId={d.unitId}
        />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">End the placement</h1>
        <p className="govuk-body">
          Unit {d.unitRef} ({d.where}), from {d.start}.
        </p>
        {d.fromVisit ? (
          <p className="govuk-body">
            The end date is the date of the home visit that found the household no longer living there ({d.fromVisit}): the last night paid
            for is the night before.
          </p>
        ) : null}
        <Form method="post" noValidate>
          <DateInput
            name="end"
            legend="End date (check-out)"
            hint="The morning they leave: the last night is the night before"
            error={a?.errors.end}
            value={v ? { day: v["end-day"] ?? "", month: v["end-month"] ?? "", year: v["end-year"] ?? "" } : d.end}
          />
          <Radios
            name="leaving"
            legend="Is the household leaving temporary accommodation?"
            error={a?.errors.leaving}
            defaultValue={v?.leaving}
            choices={[
              {
                value: "leaves",
                label: "Yes, they are leaving temporary accommodation",
                hint: "Their time in temporary accommodation ends: record where they went",
              },
              {
                value: "moves",
                label: "No, they are moving to another placement",
                hint: "Usually use Transfer instead, which does both in one step",
              },
            ]}
          />
          <Radios
            name="destination"
            legend="Where did the household go? (only if leaving temporary accommodation)"
            error={a?.errors.destination}
            defaultValue={v?.destination}
            choices={Object.entries(DESTINATIONS).map(([value, label]) => ({ value, label }))}
          />
          <Textarea name="reason" label="Why is the placement ending?" error={a?.errors.reason} defaultValue={v?.reason} />
          <Button>End placement</Button>
        </Form>
      </div>
    </div>
  );
}
