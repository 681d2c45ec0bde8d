import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { asRefusal } from "~/lib/refusal";
import { contactSchema, prepareContact, recordContact } from "~/features/casework/contacts.server";
import { CONTACT_KINDS, VISIT_OUTCOMES } from "~/lib/vocabulary";
import { BackLink, Button, DateInput, ErrorSummary, Input, Radios, Textarea } from "~/lib/components/govuk";

export const handle = { title: "Record a contact" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const h = await (await getDb()).selectFrom("households").select(["id", "case_ref"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  return { id, caseRef: h.case_ref };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const day = today(request);
  const form = parseForm(await readForm(request), contactSchema(day), prepareContact);
  if (!form.ok) return { errors: form.errors, values: form.values };
  const f = form.data;
  try {
    await recordContact(
      await getDb(),
      user.id,
      id,
      { contactOn: f.contact_on!, contactTime: f.contact_time, kind: f.kind, outcome: f.outcome, note: f.note },
      day,
    );
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}?done=contact#contacts`);
}

export default function NewContact() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v: Record<string, string> = a?.values ?? {};
  const e: Record<string, string> = a?.errors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={["contact_on", "contact_time", "kind", "outcome", "note"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Record a contact</h1>
        <Form method="post" noValidate>
          <DateInput
            name="contact_on"
            legend="Date of the contact"
            hint="For example, 2 11 2026"
            value={{ day: v["contact_on-day"] ?? "", month: v["contact_on-month"] ?? "", year: v["contact_on-year"] ?? "" }}
            error={e.contact_on}
          />
          <Input
            name="contact_time"
            label="Time (optional)"
            hint="On the 24-hour clock, for example 14:30"
            width="5"
            defaultValue={v.contact_time}
            error={e.contact_time}
          />
          <Radios
            name="kind"
            legend="Kind of contact"
            defaultValue={v.kind}
            error={e.kind}
            choices={Object.entries(CONTACT_KINDS).map(([value, label]) => ({ value, label }))}
          />
          <Radios
            name="outcome"
            legend="What did the visit find? (home visits only)"
            hint="Leave empty for a contact that is not a home visit. Left or irregular: you will be asked to end the placement from the date of the visit."
            defaultValue={v.outcome}
            error={e.outcome}
            choices={Object.entries(VISIT_OUTCOMES).map(([value, label]) => ({ value, label }))}
          />
          <Textarea
            name="note"
            label="Note"
            hint="Optional. What was said or seen, in a sentence or two."
            defaultValue={v.note}
            error={e.note}
          />
          <Button>Record contact</Button>
        </Form>
      </div>
    </div>
  );
}
