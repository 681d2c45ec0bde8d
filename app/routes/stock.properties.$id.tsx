import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { getProperty, providerChoices, saveProperty } from "~/features/stock/stock.server";
import { propertySchema } from "~/features/stock/stock-forms.server";
import { BackLink, ButtonLink, ErrorSummary, SummaryList, Table, Tag } from "~/lib/components/govuk";
import { PropertyForm } from "~/features/stock/stock-forms";
import { can } from "~/lib/permissions";
import { dateToParts, formatDate } from "~/lib/dates";
import { today } from "~/lib/clock.server";
import { completeWorks, propertyStandards, setHmoLicenceRequired, standingOfUnits } from "~/features/standards/standards.server";
import { completeWorksSchema, hmoLicenceSchema, prepareCompleteWorks } from "~/features/standards/standards-forms.server";
import { StandingTags, PropertyStandards } from "~/features/standards/standards-view";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: (d: { name?: string }) => (d?.name ? `Property ${d.name}` : "Property") };
const ORDER = ["providerId", "name", "addressLine1", "town", "postcode", "districtGss", "brma"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:stock");
  const db = await getDb();
  const { property, units } = await getProperty(db, parseId(params.id));
  const canEdit = can(user.role, "edit:stock");
  const day = today(request);
  const standing = await standingOfUnits(
    db,
    units.map((u) => u.id),
    day,
  );
  return {
    name: property.name,
    property,
    units: units.map((u) => ({ ...u, standing: standing.get(u.id) ?? null })),
    standards: await propertyStandards(db, property.id),
    today: day,
    todayParts: dateToParts(day),
    canEdit,
    providers: canEdit ? await providerChoices(db) : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const id = parseId(params.id);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "complete-works") {
    const form = parseForm(formData, completeWorksSchema(today(request)), prepareCompleteWorks);
    if (!form.ok) return { intent, errors: form.errors, values: form.values };
    try {
      await completeWorks(await getDb(), actor.id, id, form.data.worksId, form.data.completed!);
    } catch (e) {
      return { intent, errors: asRefusal(e).errors(), values: form.values };
    }
    throw redirect(`/stock/properties/${id}#inspections`);
  }
  if (intent === "hmo-licence") {
    const form = parseForm(formData, hmoLicenceSchema);
    if (!form.ok) return { intent, errors: { _form: "Choose whether the property needs an HMO licence" }, values: form.values };
    await setHmoLicenceRequired(await getDb(), actor.id, id, form.data.required);
    throw redirect(`/stock/properties/${id}#certificates`);
  }
  const form = parseForm(formData, propertySchema);
  if (!form.ok) return { intent: "", errors: form.errors, values: form.values };
  try {
    await saveProperty(await getDb(), actor.id, id, form.data);
  } catch (e) {
    return { intent: "", errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/stock/properties/${id}`);
}

export default function Property() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const p = d.property;
  return (
    <>
      <BackLink to={`/stock/providers/${p.provider_id}`}>{p.provider_name}</BackLink>
      <ErrorSummary errors={a?.errors} order={ORDER} />
      <span className="govuk-caption-l">Property of {p.provider_name}</span>
      <h1 className="govuk-heading-l">{p.name}</h1>
      <SummaryList
        rows={[
          { key: "Address", value: `${p.address_line_1}, ${p.town} ${p.postcode}` },
          { key: "District (GSS)", value: p.district_gss },
          { key: "Broad rental market area", value: p.brma ?? "Not recorded" },
          { key: "HMO licence", value: p.hmo_licence_required ? "Needed (a house in multiple occupation)" : "Not needed" },
        ]}
      />
      <Table
        caption="Units"
        rowKey={(r) => r.id}
        rows={d.units}
        empty="No units yet."
        columns={[
          {
            header: "Unit",
            cell: (r) => (
              <>
                <Link className="govuk-link" to={`/stock/units/${r.id}`}>
                  {r.unit_ref}
                </Link>
                {r.retired_on ? (
                  <>
                    {" "}
                    <Tag colour="grey">Retired {formatDate(r.retired_on)}</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "Name", cell: (r) => r.name },
          { header: "Type", cell: (r) => r.ta_type },
          { header: "Bedrooms", cell: (r) => r.bedrooms, numeric: true },
          { header: "Sleeps", cell: (r) => r.max_occupants, numeric: true },
          { header: "Standing today", cell: (r) => (r.standing ? <StandingTags s={r.standing} /> : null) },
        ]}
      />
      <PropertyStandards
        propertyId={p.id}
        standards={d.standards}
        canEdit={d.canEdit}
        hmoLicenceRequired={p.hmo_licence_required}
        today={d.today}
        todayParts={d.todayParts}
        errors={a?.errors}
      />
      {d.canEdit ? (
        <>
          <ButtonLink secondary to={`/stock/units/new?property=${p.id}`}>
            Add a unit
          </ButtonLink>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <h2 className="govuk-heading-m">Change the property's details</h2>
              <PropertyForm
                v={
                  (a?.intent === "" ? a.values : null) ?? {
                    providerId: String(p.provider_id),
                    name: p.name,
                    addressLine1: p.address_line_1,
                    town: p.town,
                    postcode: p.postcode,
                    districtGss: p.district_gss,
                    brma: p.brma ?? "",
                  }
                }
                e={a?.intent === "" ? a.errors : undefined}
                submit="Save changes"
                providers={d.providers}
              />
            </div>
          </div>
        </>
      ) : null}
    </>
  );
}
