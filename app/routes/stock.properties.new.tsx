import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { providerChoices, saveProperty } from "~/features/stock/stock.server";
import { propertySchema } from "~/features/stock/stock-forms.server";
import { BackLink, ErrorSummary } from "~/lib/components/govuk";
import { PropertyForm } from "~/features/stock/stock-forms";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Add a property" };
const ORDER = ["providerId", "name", "addressLine1", "town", "postcode", "districtGss", "brma"];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:stock");
  const provider = new URL(request.url).searchParams.get("provider") ?? "";
  return { provider: /^\d{1,15}$/.test(provider) ? provider : "", providers: await providerChoices(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const form = parseForm(await readForm(request), propertySchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  let saved: number;
  try {
    saved = await saveProperty(await getDb(), actor.id, null, form.data);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/stock/properties/${saved}`);
}

export default function NewProperty() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={d.provider ? `/stock/providers/${d.provider}` : "/stock/providers"}>Back</BackLink>
        <ErrorSummary errors={a?.errors} order={ORDER} />
        <h1 className="govuk-heading-l">Add a property</h1>
        <PropertyForm v={a?.values ?? { providerId: d.provider }} e={a?.errors} submit="Add property" providers={d.providers} />
      </div>
    </div>
  );
}
