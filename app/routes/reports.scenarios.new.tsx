import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { formValues, readForm } from "~/lib/forms.server";
import { isUniqueViolation } from "~/lib/db/errors";
import { addDays, formatDate } from "~/lib/dates";
import { BackLink, Button, DateInput, ErrorSummary, Input, Radios, Select, Textarea } from "~/lib/components/govuk";
import { SCENARIO_FIELDS, readScenarioForm, saveScenario, scenarioChoices } from "~/features/forecast/scenarios.server";

export const handle = { title: "Make a scenario" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:rates");
  const day = today(request);
  const choices = await scenarioChoices(await getDb(), day);
  return { choices, dataEnds: formatDate(addDays(day, -1)), firstDay: formatDate(day), order: [...SCENARIO_FIELDS] };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:rates");
  const day = today(request);
  const values = formValues(await readForm(request));
  const db = await getDb();
  const r = await readScenarioForm(db, values, day);
  if (!r.ok) return { errors: r.errors, values };
  try {
    const id = await saveScenario(db, user.id, r.data, day);
    return redirect(`/reports/scenarios/${id}`);
  } catch (e) {
    // Two managers saving the same name at once: the database keeps names unique.
    if (isUniqueViolation(e)) return { errors: { name: "A scenario with this name already exists: choose another name" }, values };
    throw e;
  }
}

const date = (v: Record<string, string>, n: string) => ({
  day: v[`${n}-day`] ?? "",
  month: v[`${n}-month`] ?? "",
  year: v[`${n}-year`] ?? "",
});

export default function NewScenario() {
  const { choices, dataEnds, firstDay, order } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v: Record<string, string> = a?.values ?? {};
  const e: Record<string, string> = a?.errors ?? {};
  const dateHint = `On or after ${firstDay}: the data ends on ${dataEnds}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/reports/scenarios">Scenarios</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={order} />
        <h1 className="govuk-heading-l">Make a scenario</h1>
        <p className="govuk-body">
          Describe one or more changes. The scenario is compared with the baseline forecast month by month: households in TA, families in
          B&amp;B, six-week breaches, void nights and cost against the budget. Leave a part as &quot;No change&quot; to skip it.
        </p>
        <Form method="post" noValidate>
          <Input
            name="name"
            label="Name"
            labelSize="m"
            hint="For example, Lease 100 two-bedroom flats from April"
            defaultValue={v.name}
            error={e.name}
          />

          <h2 className="govuk-heading-m">Units</h2>
          <Radios
            name="unitsAction"
            legend="Add or remove units"
            defaultValue={v.unitsAction ?? ""}
            error={e.unitsAction}
            choices={[
              { value: "", label: "No change" },
              { value: "add", label: "Add units" },
              { value: "remove", label: "Remove units" },
            ]}
          />
          <Input name="unitsCount" label="Number of units" width="5" inputMode="numeric" defaultValue={v.unitsCount} error={e.unitsCount} />
          <Select
            name="unitsTaType"
            label="Type of accommodation"
            defaultValue={v.unitsTaType}
            error={e.unitsTaType}
            options={[{ value: "", label: "Select a type" }, ...choices.taTypes.map((t) => ({ value: t.code, label: t.name }))]}
          />
          <Input
            name="unitsBedrooms"
            label="Bedrooms"
            hint="0 for a studio"
            width="2"
            inputMode="numeric"
            defaultValue={v.unitsBedrooms}
            error={e.unitsBedrooms}
          />
          <Select
            name="unitsDistrict"
            label="District (optional)"
            hint="Sets the LHA area for the subsidy estimate; the council's own district if not chosen"
            defaultValue={v.unitsDistrict}
            error={e.unitsDistrict}
            options={[
              { value: "", label: "The council's own district" },
              ...choices.districts.map((d) => ({ value: d.gss, label: d.gss })),
            ]}
          />
          <Input
            name="unitsRate"
            label="Rate (added units)"
            prefix="£"
            width="10"
            inputMode="decimal"
            defaultValue={v.unitsRate}
            error={e.unitsRate}
          />
          <Radios
            name="unitsBasis"
            legend="The rate is"
            inline
            defaultValue={v.unitsBasis ?? "week"}
            error={e.unitsBasis}
            choices={[
              { value: "week", label: "Per week" },
              { value: "night", label: "Per night" },
            ]}
          />
          <Radios
            name="unitsPaidFor"
            legend="The council pays for"
            defaultValue={v.unitsPaidFor ?? "every_night"}
            error={e.unitsPaidFor}
            choices={[
              { value: "every_night", label: "Every night (leased or block-booked)" },
              { value: "occupied_nights", label: "Only the nights someone is placed (nightly paid)" },
            ]}
          />
          <DateInput name="unitsFrom" legend="From" hint={dateHint} value={date(v, "unitsFrom")} error={e.unitsFrom} />

          <h2 className="govuk-heading-m">A provider</h2>
          <Radios
            name="providerAction"
            legend="What changes for the provider"
            defaultValue={v.providerAction ?? ""}
            error={e.providerAction}
            choices={[
              { value: "", label: "No change" },
              { value: "end", label: "Stop using the provider" },
              { value: "rates", label: "Its rates change" },
            ]}
          />
          <Select
            name="providerId"
            label="Provider"
            defaultValue={v.providerId}
            error={e.providerId}
            options={[{ value: "", label: "Select a provider" }, ...choices.providers.map((p) => ({ value: String(p.id), label: p.name }))]}
          />
          <Input
            name="providerChange"
            label="Change to its rates, in %"
            hint="For example -10 for 10% lower"
            width="5"
            suffix="%"
            defaultValue={v.providerChange}
            error={e.providerChange}
          />
          <DateInput name="providerFrom" legend="From" hint={dateHint} value={date(v, "providerFrom")} error={e.providerFrom} />

          <h2 className="govuk-heading-m">Length of stay</h2>
          <Radios
            name="stayAction"
            legend="How length of stay changes"
            defaultValue={v.stayAction ?? ""}
            error={e.stayAction}
            choices={[
              { value: "", label: "No change" },
              { value: "percent", label: "By a percentage" },
              { value: "trial", label: "By a finished trial's measured effect", hint: "With its 95% interval" },
            ]}
          />
          <Input
            name="stayChange"
            label="Change to every stay, in %"
            hint="For example -10 for stays 10% shorter"
            width="5"
            suffix="%"
            defaultValue={v.stayChange}
            error={e.stayChange}
          />
          <Select
            name="stayTrialId"
            label="Trial"
            hint="Only a finished trial's effect can be used"
            defaultValue={v.stayTrialId}
            error={e.stayTrialId}
            options={[
              { value: "", label: "Select a trial" },
              ...choices.trials.map((t) => ({ value: String(t.id), label: `${t.name}${t.finished ? " (finished)" : " (not finished)"}` })),
            ]}
          />
          <DateInput name="stayFrom" legend="From" hint={dateHint} value={date(v, "stayFrom")} error={e.stayFrom} />

          <Textarea name="notes" label="Notes (optional)" defaultValue={v.notes} error={e.notes} />
          <Button>Save and compare</Button>
        </Form>
      </div>
    </div>
  );
}
