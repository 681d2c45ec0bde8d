import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { idParam, parseForm, readForm } from "~/lib/forms.server";
import { propertyChoices, providerOfProperty, saveUnit, taTypeChoices } from "~/features/stock/stock.server";
import { prepareUnit, unitSchema } from "~/features/stock/stock-forms.server";
import { BackLink, ErrorSummary } from "~/lib/components/govuk";
import { UnitForm } from "~/features/stock/stock-forms";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Add a unit" };
const UNIT_ORDER = [
  "propertyId",
  "unitRef",
  "name",
  "taTypeCode",
  "bedrooms",
  "maxOccupants",
  "sharedKitchen",
  "sharedBathroom",
  "sharedToilet",
  "stepFree",
  "inUseFrom",
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:stock");
  const db = await getDb();
  const property = idParam.safeParse(new URL(request.url).searchParams.get("property"));
  if (!property.success) throw redirect("/stock/providers");
  const providerId = await providerOfProperty(db, property.data);
  if (providerId === null) throw new Response("Not Found", { status: 404 });
  return { property: property.data, properties: await propertyChoices(db, providerId), taTypes: await taTypeChoices(db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const form = parseForm(await readForm(request), unitSchema, prepareUnit);
  if (!form.ok) return { errors: form.errors, values: form.values };
  let saved: number;
  try {
    saved = await saveUnit(await getDb(), actor.id, null, form.data);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/stock/units/${saved}`);
}

export default function NewUnit() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/stock/properties/${d.property}`}>Property</BackLink>
        <ErrorSummary values={a?.values} errors={a?.errors} order={UNIT_ORDER} />
        <h1 className="govuk-heading-l">Add a unit</h1>
        <UnitForm
          v={a?.values ?? { propertyId: String(d.property) }}
          e={a?.errors}
          submit="Add unit"
          taTypes={d.taTypes}
          properties={d.properties}
        />
      </div>
    </div>
  );
}
