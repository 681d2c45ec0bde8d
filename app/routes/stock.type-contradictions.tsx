import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { typeContradictions } from "~/features/stock/stock.server";
import { BackLink, Table } from "~/lib/components/govuk";
import { PROVIDER_TYPES } from "~/lib/vocabulary";

export const handle = { title: "Units whose TA type contradicts their facts" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  return { rows: await typeContradictions(await getDb()) };
}

export default function TypeContradictions() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/stock">Stock</BackLink>
      <h1 className="govuk-heading-l">Units whose TA type contradicts their facts</h1>
      <p className="govuk-body">
        A unit is bed and breakfast (B&amp;B) under the Homelessness (Suitability of Accommodation) (England) Order 2003 when a toilet,
        washing or cooking facility is shared with another household and it is not owned or managed by a council, a housing association or a
        charity. Waypoint applies the Order to these units, on Today, on the household page and in TA1, whatever their TA type. Correct the
        TA type, or the facilities or provider if they are wrong, so that the two agree.
      </p>
      <Table
        caption={`${rows.length} ${rows.length === 1 ? "unit" : "units"} to correct`}
        rows={rows}
        rowKey={(r) => r.id}
        empty="Every unit's TA type agrees with its facilities and provider."
        columns={[
          {
            header: "Unit",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/units/${r.id}`}>
                {r.unit_ref}
              </Link>
            ),
          },
          { header: "Property", cell: (r) => r.property_name },
          { header: "Provider", cell: (r) => `${r.provider_name} (${PROVIDER_TYPES[r.provider_type]})` },
          { header: "TA type", cell: (r) => r.ta_type },
          {
            header: "What the facts say",
            cell: (r) =>
              r.type_contradiction === "bnb_typed_otherwise"
                ? "B&B under the Order: shared facilities, private provider"
                : r.self_contained
                  ? "Not B&B: self-contained"
                  : "Not B&B: run by a council, housing association or charity",
          },
        ]}
      />
    </>
  );
}
