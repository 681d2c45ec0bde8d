import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { listUnitRates } from "~/features/money/rates.server";
import { searchParamsSchema } from "~/lib/list-params.server";
import { BackLink, Pagination, Table } from "~/lib/components/govuk";

export const handle = { title: "Rates and charges" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const params = searchParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const { q, page } = params.success ? params.data : { q: "", page: 1 };
  const day = today(request);
  const result = await listUnitRates(await getDb(), { day, q, page });
  return { q, page, dayLabel: formatDate(day), canEdit: can(user.role, "edit:rates"), ...result };
}

export default function Rates() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      <h1 className="govuk-heading-l">Rates and charges</h1>
      <p className="govuk-body" id="recorded-estimated">
        Recorded: the rates agreed with providers and the weekly charges to households, each from its date. Nothing on this page is
        estimated; subsidy estimates are on the money page and each unit's page.
      </p>
      <p className="govuk-body">
        The council's cost of each unit and the weekly charge to the household, in force on {d.dayLabel}. Open a unit to see its history
        {d.canEdit ? ", add a rate or correct one" : ""}.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/money/rates/history">
          A provider&apos;s rate history, as a chart
        </Link>
      </p>
      {d.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/money/rates/bulk">
            Change all the rates of a provider from a date
          </Link>
        </p>
      ) : null}
      <Form method="get" role="search" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="q">
            Search by unit reference or provider
          </label>
          <input className="govuk-input govuk-!-width-one-half" id="q" name="q" type="search" defaultValue={d.q} />{" "}
          <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Search
          </button>
        </div>
      </Form>
      <p className="govuk-body">
        {d.total.toLocaleString("en-GB")} {d.total === 1 ? "unit" : "units"}
      </p>
      <Table
        caption="Units"
        captionSize="s"
        rowKey={(r) => r.id}
        rows={d.rows}
        empty="No units match."
        columns={[
          {
            header: "Unit",
            cell: (r) => (
              <Link className="govuk-link" to={`/money/units/${r.id}`}>
                {r.unit_ref}
              </Link>
            ),
          },
          { header: "Provider", cell: (r) => r.provider_name },
          { header: "Property", cell: (r) => r.property_name },
          {
            header: "Rate",
            cell: (r) =>
              r.amount_pence === null ? "No rate" : `${formatPence(r.amount_pence)} a ${r.basis === "week" ? "week" : "night"}`,
            numeric: true,
          },
          {
            header: "Charge to household",
            cell: (r) => (r.charge_pence === null ? "None recorded" : `${formatPence(r.charge_pence)} a week`),
            numeric: true,
          },
        ]}
      />
      <Pagination page={d.page} pages={d.pages} href={(p) => `?${new URLSearchParams({ q: d.q, page: String(p) })}`} />
    </>
  );
}
