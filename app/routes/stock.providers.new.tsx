import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { saveProvider } from "~/features/stock/stock.server";
import { providerSchema } from "~/features/stock/stock-forms.server";
import { BackLink, ErrorSummary } from "~/lib/components/govuk";
import { ProviderForm } from "~/features/stock/stock-forms";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Add a provider" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:stock");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const form = parseForm(await readForm(request), providerSchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  let saved: number;
  try {
    saved = await saveProvider(await getDb(), actor.id, null, form.data);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/stock/providers/${saved}`);
}

export default function NewProvider() {
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/stock/providers">Providers</BackLink>
        <ErrorSummary errors={a?.errors} order={["name", "providerType", "email", "phone"]} />
        <h1 className="govuk-heading-l">Add a provider</h1>
        <ProviderForm v={a?.values ?? {}} e={a?.errors} submit="Add provider" />
      </div>
    </div>
  );
}
