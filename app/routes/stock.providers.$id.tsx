import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { getProvider, saveProvider } from "~/features/stock/stock.server";
import { providerSchema } from "~/features/stock/stock-forms.server";
import { BackLink, ButtonLink, ErrorSummary, SummaryList, Table } from "~/lib/components/govuk";
import { ProviderForm } from "~/features/stock/stock-forms";
import { PROVIDER_TYPES } from "~/lib/vocabulary";
import { can } from "~/lib/permissions";

export const handle = { title: (d: { name?: string }) => (d?.name ? `Provider ${d.name}` : "Provider") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:stock");
  const { provider, properties } = await getProvider(await getDb(), parseId(params.id));
  return { name: provider.name, provider, properties, canEdit: can(user.role, "edit:stock") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), providerSchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  const r = await saveProvider(await getDb(), actor.id, id, form.data);
  if (r.ok) throw redirect(`/stock/providers/${id}`);
  return { errors: { [r.field]: r.message }, values: form.values };
}

export default function Provider() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const p = d.provider;
  return (
    <>
      <BackLink to="/stock/providers">Providers</BackLink>
      <ErrorSummary errors={a?.errors} order={["name", "providerType", "email", "phone"]} />
      <span className="govuk-caption-l">Provider</span>
      <h1 className="govuk-heading-l">{p.name}</h1>
      <Table
        caption="Properties"
        rowKey={(r) => r.id}
        rows={d.properties}
        empty="No properties yet."
        columns={[
          {
            header: "Name",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/properties/${r.id}`}>
                {r.name}
              </Link>
            ),
          },
          { header: "Town", cell: (r) => r.town },
          { header: "Postcode", cell: (r) => r.postcode },
          { header: "District", cell: (r) => r.district_gss },
          { header: "Units", cell: (r) => r.units, numeric: true },
        ]}
      />
      {d.canEdit ? (
        <>
          <ButtonLink secondary to={`/stock/properties/new?provider=${p.id}`}>
            Add a property
          </ButtonLink>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <h2 className="govuk-heading-m">Change the provider's details</h2>
              <ProviderForm
                v={a?.values ?? { name: p.name, providerType: p.provider_type, email: p.email ?? "", phone: p.phone ?? "" }}
                e={a?.errors}
                submit="Save changes"
              />
            </div>
          </div>
        </>
      ) : (
        <SummaryList
          rows={[
            { key: "Type", value: PROVIDER_TYPES[p.provider_type] },
            { key: "Email", value: p.email ?? "Not recorded" },
            { key: "Phone", value: p.phone ?? "Not recorded" },
          ]}
        />
      )}
    </>
  );
}
