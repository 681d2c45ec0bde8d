import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { getUnit, propertyChoices, saveUnit, taTypeChoices } from "~/features/stock/stock.server";
import { prepareUnit, unitSchema } from "~/features/stock/stock-forms.server";
import { BackLink, ErrorSummary } from "~/lib/components/govuk";
import { UnitForm } from "~/features/stock/stock-forms";
import { dateToParts } from "~/lib/dates";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: (d: { unitRef?: string }) => `Change unit ${d?.unitRef ?? ""}` };
const ORDER = [
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
const yn = (b: boolean) => (b ? "yes" : "no");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:stock");
  const db = await getDb();
  const { unit: u } = await getUnit(db, parseId(params.id));
  const inUse = dateToParts(u.in_use_from);
  return {
    unitId: u.id,
    unitRef: u.unit_ref,
    properties: await propertyChoices(db, u.provider_id),
    taTypes: await taTypeChoices(db),
    values: {
      propertyId: String(u.property_id),
      unitRef: u.unit_ref,
      name: u.name,
      taTypeCode: u.ta_type_code,
      bedrooms: String(u.bedrooms),
      maxOccupants: String(u.max_occupants),
      sharedKitchen: yn(u.shared_kitchen),
      sharedBathroom: yn(u.shared_bathroom),
      sharedToilet: yn(u.shared_toilet),
      stepFree: yn(u.step_free),
      "inUseFrom-day": inUse.day,
      "inUseFrom-month": inUse.month,
      "inUseFrom-year": inUse.year,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), unitSchema, prepareUnit);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await saveUnit(await getDb(), actor.id, id, form.data);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/stock/units/${id}`);
}

export default function EditUnit() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/stock/units/${d.unitId}`}>Unit {d.unitRef}</BackLink>
        <ErrorSummary values={a?.values} errors={a?.errors} order={ORDER} />
        <h1 className="govuk-heading-l">Change unit {d.unitRef}</h1>
        <UnitForm v={a?.values ?? d.values} e={a?.errors} submit="Save changes" taTypes={d.taTypes} properties={d.properties} />
      </div>
    </div>
  );
}
