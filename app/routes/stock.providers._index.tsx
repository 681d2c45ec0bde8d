import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { searchProviders } from "~/features/stock/stock.server";
import { searchParamsSchema } from "~/lib/list-params.server";
import { BackLink, ButtonLink, Pagination, Table } from "~/lib/components/govuk";
import { PROVIDER_TYPES } from "~/lib/vocabulary";
import { can } from "~/lib/permissions";

export const handle = { title: "Providers" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:stock");
  const params = searchParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const { q, page } = params.success ? params.data : { q: "", page: 1 };
  return { q, page, canEdit: can(user.role, "edit:stock"), ...(await searchProviders(await getDb(), { q, page })) };
}

export default function Providers() {
  const { q, page, pages, total, rows, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/stock">Stock</BackLink>
      <h1 className="govuk-heading-l">Providers</h1>
      {canEdit ? <ButtonLink to="/stock/providers/new">Add a provider</ButtonLink> : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/stock/providers.csv" reloadDocument>
          Every provider's record as CSV
        </Link>{" "}
        (inspection grades, do not use, expired certificates, voids, rates against the market, disputed invoices, complaints and
        fit-and-proper checks)
      </p>
      <Form method="get" role="search" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="q">
            Search providers by name
          </label>
          <input className="govuk-input govuk-!-width-one-half" id="q" name="q" type="search" defaultValue={q} />{" "}
          <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Search
          </button>
        </div>
      </Form>
      <p className="govuk-body">
        {total.toLocaleString("en-GB")} {total === 1 ? "provider" : "providers"}
        {q ? (
          <>
            {" "}
            matching <strong>{q}</strong>
          </>
        ) : null}
      </p>
      <Table
        caption="Providers"
        captionSize="s"
        rowKey={(r) => r.id}
        rows={rows}
        empty="No providers match."
        columns={[
          {
            header: "Name",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/providers/${r.id}`}>
                {r.name}
              </Link>
            ),
          },
          { header: "Type", cell: (r) => PROVIDER_TYPES[r.provider_type] },
          { header: "Properties", cell: (r) => r.properties, numeric: true },
        ]}
      />
      <Pagination page={page} pages={pages} href={(p) => `?${new URLSearchParams({ q, page: String(p) })}`} />
    </>
  );
}
