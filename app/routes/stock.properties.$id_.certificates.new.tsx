import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { getProperty } from "~/features/stock/stock.server";
import { certificateSchema, prepareCertificate } from "~/features/standards/standards-forms.server";
import { recordCertificate } from "~/features/standards/standards.server";
import { CertificateForm } from "~/features/standards/standards-forms";
import { BackLink, ErrorSummary } from "~/lib/components/govuk";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Record a certificate" };
const ORDER = ["unit", "kind", "issued", "expires", "reference"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:stock");
  const { property, units } = await getProperty(await getDb(), parseId(params.id));
  return { property: { id: property.id, name: property.name, provider: property.provider_name }, units };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const propertyId = parseId(params.id);
  const form = parseForm(await readForm(request), certificateSchema(today(request)), prepareCertificate);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await recordCertificate(await getDb(), actor.id, { propertyId, ...form.data });
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/stock/properties/${propertyId}#certificates`);
}

export default function NewCertificate() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/stock/properties/${d.property.id}`}>{d.property.name}</BackLink>
        <ErrorSummary errors={a?.errors} order={ORDER} values={a?.values} />
        <span className="govuk-caption-l">
          {d.property.name}, {d.property.provider}
        </span>
        <h1 className="govuk-heading-l">Record a certificate</h1>
        <CertificateForm v={a?.values ?? {}} e={a?.errors} units={d.units} />
      </div>
    </div>
  );
}
