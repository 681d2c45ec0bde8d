/** The case file's contact details: how to reach the household, where they are and were, local connection and vulnerability needs. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { asRefusal } from "~/lib/refusal";
import { PREFERRED_CONTACTS, choicesOf } from "~/lib/vocabulary";
import { CONTACT_DETAILS_ORDER, contactDetailsSchema, toContactDetailsInput } from "~/features/households/contact-details";
import { contactDetailsOf, districtChoices, saveContactDetails } from "~/features/households/contact-details.server";
import { BackLink, Button, Checkboxes, ErrorSummary, Input, Radios, Select, Textarea } from "~/lib/components/govuk";

export const handle = { title: "Contact details" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const [details, districts] = await Promise.all([contactDetailsOf(db, id, user), districtChoices(db)]);
  return { details, districts };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), contactDetailsSchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await saveContactDetails(await getDb(), user, id, toContactDetailsInput(form.data));
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}?done=contact-details#contact-details`);
}

export default function ContactDetails() {
  const { details: d, districts } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const e: Record<string, string> = a?.errors ?? {};
  const posted: Record<string, string> | null = a?.values ?? null;
  // The form shows what was posted after a refusal, else what is held.
  const v = (name: string, held: string) => (posted ? (posted[name] ?? "") : held);
  const vul = d.vulnerability;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={a?.errors} order={CONTACT_DETAILS_ORDER} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Contact details</h1>
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">How to reach the household</h2>
          <Input
            name="phone"
            label="Telephone number (optional)"
            hint="A UK number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            type="tel"
            width="20"
            autoComplete="off"
            defaultValue={v("phone", d.phone)}
            error={e.phone}
          />
          <Input
            name="email"
            label="Email address (optional)"
            type="email"
            spellCheck={false}
            autoComplete="off"
            defaultValue={v("email", d.email)}
            error={e.email}
          />
          <Radios
            name="preferred_contact"
            legend="How do they prefer to be contacted? (optional)"
            defaultValue={v("preferred_contact", d.preferredContact ?? "")}
            error={e.preferred_contact}
            choices={[...choicesOf(PREFERRED_CONTACTS), { divider: "or" }, { value: "", label: "Not known" }]}
          />
          <Input
            name="language"
            label="Language (optional)"
            hint="The language they prefer to speak, for example English, Polish or British Sign Language"
            width="20"
            defaultValue={v("language", d.language)}
            error={e.language}
          />
          <Radios
            name="interpreter"
            legend="Do they need an interpreter?"
            inline
            defaultValue={v("interpreter", d.interpreterNeeded ? "yes" : "no")}
            error={e.interpreter}
            choices={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
          <h2 className="govuk-heading-m">Addresses</h2>
          <Textarea
            name="current_address"
            label="Current address (optional)"
            hint="Where the household is staying now, if not in temporary accommodation"
            rows={3}
            defaultValue={v("current_address", d.currentAddress)}
            error={e.current_address}
          />
          <Textarea
            name="previous_address"
            label="Previous settled address (optional)"
            hint="The last address where they lived settled"
            rows={3}
            defaultValue={v("previous_address", d.previousAddress)}
            error={e.previous_address}
          />
          <h2 className="govuk-heading-m">Local connection</h2>
          <Select
            name="local_connection_gss"
            label="District of the local connection (optional)"
            defaultValue={v("local_connection_gss", d.localConnectionGss ?? "")}
            error={e.local_connection_gss}
            options={[{ value: "", label: "None recorded" }, ...districts.map((x) => ({ value: x.gss, label: `${x.name} (${x.gss})` }))]}
          />
          <Textarea
            name="local_connection"
            label="Local connection (optional)"
            hint="For example, lived in the district for 3 of the last 5 years, works here, close family here"
            rows={3}
            defaultValue={v("local_connection", d.localConnection)}
            error={e.local_connection}
          />
          <h2 className="govuk-heading-m">Vulnerability</h2>
          {vul.restricted ? (
            <p className="govuk-body">Vulnerability needs: {vul.message}. Saving this form leaves them as they are.</p>
          ) : (
            <>
              <Textarea
                name="vulnerability_needs"
                label="Vulnerability needs (optional)"
                hint="For example, fleeing domestic abuse, a risk to others, self-harm. Support needs that everyone placing the household must know are on the household's details."
                defaultValue={v("vulnerability_needs", vul.needs)}
                error={e.vulnerability_needs}
              />
              <Checkboxes
                name="vulnerability_sensitive"
                legend="Who may see them"
                small
                defaultValues={posted ? (posted.vulnerability_sensitive ? ["yes"] : []) : vul.sensitive ? ["yes"] : []}
                error={e.vulnerability_sensitive}
                choices={[
                  {
                    value: "yes",
                    label: "Sensitive: only managers, administrators and the case officer may see them",
                    hint: "Anyone else sees “Restricted: ask the case officer”",
                  },
                ]}
              />
            </>
          )}
          <Button>Save contact details</Button>
        </Form>
      </div>
    </div>
  );
}
