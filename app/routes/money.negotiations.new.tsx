import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { listProviders, withDate } from "~/features/money/rates.server";
import { newNegotiationSchema, recordNegotiation } from "~/features/money/negotiations.server";
import { BackLink, Button, DateInput, ErrorSummary, Input, Select, Textarea } from "~/lib/components/govuk";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Record a negotiation" };

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
  const form = parseForm(await readForm(request), newNegotiationSchema, (v) => withDate(v, "askedOn"));
  if (!form.ok) return { errors: form.errors, values: form.values };
  let id: number;
  try {
    id = await recordNegotiation(await getDb(), user.id, form.data);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/money/negotiations/${id}`);
}

export default function NewNegotiation() {
  const { providers, types } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/money/negotiations">Rate negotiations</BackLink>
        <ErrorSummary values={v} errors={a?.errors ?? undefined} order={["providerId", "taType", "askedOn", "change", "notes"]} />
        <h1 className="govuk-heading-l">Record a negotiation</h1>
        <p className="govuk-body">
          The change the council has asked a provider for. The units are the provider's units in use (or those of one type) on the date the
          new rates start, once agreed.
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
            hint="Leave as all types for every unit of the provider"
            defaultValue={v.taType}
            error={a?.errors?.taType}
            options={[{ value: "", label: "All types" }, ...types.map((t) => ({ value: t.code, label: t.name }))]}
          />
          <DateInput
            name="askedOn"
            legend="Date the change was asked for"
            hint="For example, 1 4 2027"
            error={a?.errors?.askedOn}
            value={{ day: v["askedOn-day"] ?? "", month: v["askedOn-month"] ?? "", year: v["askedOn-year"] ?? "" }}
          />
          <Input
            name="change"
            label="Change asked for, in per cent"
            hint="For example, -10 for a cut of 10%"
            width="5"
            inputMode="decimal"
            defaultValue={v.change}
            error={a?.errors?.change}
          />
          <Textarea name="notes" label="Notes (optional)" defaultValue={v.notes} error={a?.errors?.notes} rows={3} />
          <Button>Record the negotiation</Button>
        </Form>
      </div>
    </div>
  );
}
