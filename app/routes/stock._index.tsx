import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { searchUnits } from "~/features/stock/stock.server";
import { searchParamsSchema } from "~/lib/list-params.server";
import { Pagination, Table, Tag } from "~/lib/components/govuk";
import { formatDate } from "~/lib/dates";

export const handle = { title: "Stock" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  const params = searchParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const { q, page } = params.success ? params.data : { q: "", page: 1 };
  return { q, page, ...(await searchUnits(await getDb(), { q, page })) };
}

export default function Stock() {
  const { q, page, pages, total, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Stock</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to="/stock/providers">
          Providers and properties
        </Link>
        {" · "}
        <Link className="govuk-link" to="/stock/type-contradictions">
          Units whose TA type contradicts their facts
        </Link>
        {" · "}
        <Link className="govuk-link" to="/stock/certificates">
          Certificates expiring in the next 30 days
        </Link>
      </p>
      <Form method="get" role="search" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="q">
            Search units by unit reference, property, provider or postcode
          </label>
          <input className="govuk-input govuk-!-width-one-half" id="q" name="q" type="search" defaultValue={q} />{" "}
          <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Search
          </button>
        </div>
      </Form>
      <p className="govuk-body">
        {total.toLocaleString("en-GB")} {total === 1 ? "unit" : "units"}
        {q ? (
          <>
            {" "}
            matching <strong>{q}</strong>
          </>
        ) : null}
      </p>
      <Table
        caption="Units"
        captionSize="s"
        rowKey={(r) => r.id}
        rows={rows}
        empty="No units match. Check the spelling, or search by provider."
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
          {
            header: "Property",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/properties/${r.property_id}`}>
                {r.property_name}
              </Link>
            ),
          },
          { header: "Town", cell: (r) => r.town },
          {
            header: "Provider",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/providers/${r.provider_id}`}>
                {r.provider_name}
              </Link>
            ),
          },
          { header: "Type", cell: (r) => r.ta_type },
          { header: "Bedrooms", cell: (r) => r.bedrooms, numeric: true },
          { header: "Sleeps", cell: (r) => r.max_occupants, numeric: true },
        ]}
      />
      <Pagination page={page} pages={pages} href={(p) => `?${new URLSearchParams({ q, page: String(p) })}`} />
    </>
  );
}
