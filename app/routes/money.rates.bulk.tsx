import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { formatDate } from "~/lib/dates";
import { bulkRateChange, bulkSchema, listProviders, withDate } from "~/features/money/rates.server";
import { BackLink, Button, DateInput, ErrorSummary, Input, NotificationBanner, Select } from "~/lib/components/govuk";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Change a provider's rates" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:rates");
  const db = await getDb();
  const [providers, types] = await Promise.all([
    listProviders(db),
    db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").execute(),
  ]);
  return { providers, types };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:rates");
  const form = parseForm(await readForm(request), bulkSchema, (v) => withDate(v, "effectiveFrom"));
  if (!form.ok) return { errors: form.errors, values: form.values, done: null };
  const db = await getDb();
  let count: number;
  try {
    count = await bulkRateChange(db, user.id, {
      providerId: form.data.providerId,
      taType: form.data.taType || null,
      effectiveFrom: form.data.effectiveFrom,
      basisPoints: form.data.change,
    });
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values, done: null };
  }
  return {
    errors: null,
    values: null,
    done: `${count} ${count === 1 ? "unit has" : "units have"} a new rate from ${formatDate(form.data.effectiveFrom)}.`,
  };
}

export default function BulkRates() {
  const { providers, types } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/money/rates">Rates and charges</BackLink>
        {a?.done ? <NotificationBanner success>{a.done}</NotificationBanner> : null}
        <ErrorSummary values={v} errors={a?.errors ?? undefined} order={["providerId", "taType", "effectiveFrom", "change"]} />
        <h1 className="govuk-heading-l">Change a provider's rates</h1>
        <p className="govuk-body">
          Every unit of the provider (or only those of one type) gets a new rate from the date: the rate in force that day changed by the
          percentage, per night or per week as before. All the units change together, or none do.
        </p>
        <Form method="post" noValidate>
          <Select
            name="providerId"
            label="Provider"
            defaultValue={v.providerId}
            error={a?.errors?.providerId}
            options={[{ value: "", label: "Select a provider" }, ...providers.map((p) => ({ value: String(p.id), label: p.name }))]}
          />
          <Select
            name="taType"
            label="Type of accommodation"
            hint="Leave as all types to change every unit of the provider"
            defaultValue={v.taType}
            error={a?.errors?.taType}
            options={[{ value: "", label: "All types" }, ...types.map((t) => ({ value: t.code, label: t.name }))]}
          />
          <DateInput
            name="effectiveFrom"
            legend="Date the new rates start"
            hint="For example, 1 4 2027"
            error={a?.errors?.effectiveFrom}
            value={{ day: v["effectiveFrom-day"] ?? "", month: v["effectiveFrom-month"] ?? "", year: v["effectiveFrom-year"] ?? "" }}
          />
          <Input
            name="change"
            label="Change, in per cent"
            hint="For example, 3.5 for a rise of 3.5%, or -2 for a cut of 2%"
            width="5"
            inputMode="decimal"
            defaultValue={v.change}
            error={a?.errors?.change}
          />
          <Button>Change the rates</Button>
        </Form>
      </div>
    </div>
  );
}
