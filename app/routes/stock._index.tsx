import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { searchStock, stockFilterChoices, stockFilterSchema } from "~/features/stock/stock-search.server";
import { Checkboxes, Pagination, Select, Table, Tag } from "~/lib/components/govuk";
import { formatDate } from "~/lib/dates";
import { suitabilityReasonWords } from "~/features/placements/suitability";

export const handle = { title: "Stock" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  const sp = new URL(request.url).searchParams;
  const f = stockFilterSchema.parse(Object.fromEntries(sp));
  const db = await getDb();
  const day = today(request);
  const result = await searchStock(db, f, day, f.page);
  // The query string without the page, for the pagination links and the CSV.
  const query = new URLSearchParams([...sp.entries()].filter(([k]) => k !== "page")).toString();
  return {
    f,
    query,
    todayText: formatDate(day),
    choices: await stockFilterChoices(db),
    total: result.total,
    pages: result.pages,
    rows: result.rows.map((r) => ({
      ...r,
      voidText:
        r.in_use && !r.booked && r.void_since
          ? `Since ${formatDate(r.void_since)} (${r.void_nights} ${r.void_nights === 1 ? "night" : "nights"})`
          : "",
      reasons: [...r.do_not_use, ...r.expired].map((c) => suitabilityReasonWords(c)),
    })),
  };
}

const opts = (pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));

export default function Stock() {
  const d = useLoaderData<typeof loader>();
  const f = d.f;
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
          <input className="govuk-input govuk-!-width-one-half" id="q" name="q" type="search" defaultValue={f.q} />
        </div>
        <details className="govuk-details" open={d.query.replace(/(^|&)q=[^&]*/, "") !== ""}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Filter the units</span>
          </summary>
          <div className="govuk-details__text">
            <div className="govuk-grid-row">
              <div className="govuk-grid-column-one-half">
                <Checkboxes
                  name="free"
                  legend="Tonight"
                  small
                  defaultValues={f.free ? ["yes"] : []}
                  choices={[{ value: "yes", label: `Free tonight (${d.todayText}): nobody placed, not out of service` }]}
                />
                <Select
                  name="void"
                  label="Void now (nobody placed tonight)"
                  defaultValue={f.void}
                  options={opts([
                    ["", "Any unit"],
                    ["any", "Void now"],
                    ["7", "Void for 7 nights or more"],
                    ["28", "Void for 28 nights or more"],
                    ["90", "Void for 90 nights or more"],
                  ])}
                />
                <Select
                  name="type"
                  label="Type of accommodation"
                  defaultValue={f.type ?? ""}
                  options={[{ value: "", label: "Any type" }, ...d.choices.types.map((t) => ({ value: t.code, label: t.name }))]}
                />
                <Select
                  name="bedrooms"
                  label="Bedrooms"
                  defaultValue={f.bedrooms}
                  options={opts([
                    ["", "Any"],
                    ["0", "Studio or room (0)"],
                    ["1", "1"],
                    ["2", "2"],
                    ["3", "3"],
                    ["4", "4"],
                    ["5+", "5 or more"],
                  ])}
                />
                <Checkboxes
                  name="stepfree"
                  legend="Access"
                  small
                  defaultValues={f.stepfree ? ["yes"] : []}
                  choices={[{ value: "yes", label: "Step-free only" }]}
                />
              </div>
              <div className="govuk-grid-column-one-half">
                <Select
                  name="district"
                  label="District"
                  defaultValue={f.district ?? ""}
                  options={[
                    { value: "", label: "Any district" },
                    { value: "in", label: "In the council's district" },
                    { value: "out", label: "Out of district" },
                    ...d.choices.districts.map((g) => ({ value: g, label: g })),
                  ]}
                />
                <Select
                  name="provider"
                  label="Provider"
                  defaultValue={f.provider ? String(f.provider) : ""}
                  options={[
                    { value: "", label: "Any provider" },
                    ...d.choices.providers.map((p) => ({ value: String(p.id), label: p.name })),
                  ]}
                />
                <Select
                  name="grade"
                  label="Latest inspection grade"
                  defaultValue={f.grade}
                  options={opts([
                    ["", "Any grade"],
                    ["A", "A"],
                    ["B", "B"],
                    ["C", "C"],
                    ["D", "D"],
                    ["E", "E (do not use)"],
                    ["none", "Not inspected"],
                  ])}
                />
                <Checkboxes
                  name="dnu"
                  legend="Standards"
                  small
                  defaultValues={[...(f.dnu ? ["yes"] : [])]}
                  choices={[{ value: "yes", label: "Do not use only" }]}
                />
                <Checkboxes
                  name="expired"
                  legend="Certificates"
                  small
                  defaultValues={f.expired ? ["yes"] : []}
                  choices={[{ value: "yes", label: "A certificate expired only" }]}
                />
                <Checkboxes
                  name="current"
                  legend="Retired units"
                  small
                  defaultValues={f.current ? ["yes"] : []}
                  choices={[{ value: "yes", label: "Leave out retired units" }]}
                />
              </div>
            </div>
          </div>
        </details>
        <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
          Search
        </button>
      </Form>
      <p className="govuk-body">
        {d.total.toLocaleString("en-GB")} {d.total === 1 ? "unit" : "units"}
        {f.q ? (
          <>
            {" "}
            matching <strong>{f.q}</strong>
          </>
        ) : null}
        {" · "}
        <Link className="govuk-link" to={`/stock/units.csv${d.query ? `?${d.query}` : ""}`} reloadDocument>
          Download these units as CSV
        </Link>
      </p>
      <Table
        caption="Units"
        captionSize="s"
        rowKey={(r) => r.id}
        rows={d.rows}
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
          {
            header: "Tonight",
            cell: (r) => (
              <>
                {r.free_tonight ? <Tag colour="green">Free</Tag> : r.booked ? "Occupied" : r.in_use ? "Out of service" : "Not in use"}
                {r.voidText ? <span className="govuk-body-s govuk-!-display-block">{r.voidText}</span> : null}
              </>
            ),
          },
          {
            header: "Standards",
            cell: (r) => (
              <>
                {r.grade ? `Grade ${r.grade}` : "Not inspected"}
                {r.do_not_use.length ? (
                  <>
                    {" "}
                    <Tag colour="red">Do not use</Tag>
                  </>
                ) : null}
                {r.expired.length ? (
                  <>
                    {" "}
                    <Tag colour="orange">Certificate expired</Tag>
                  </>
                ) : null}
                {r.reasons.length ? (
                  <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                    {r.reasons.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                ) : null}
              </>
            ),
          },
        ]}
      />
      <Pagination page={f.page} pages={d.pages} href={(p) => `?${d.query ? `${d.query}&` : ""}page=${p}`} />
    </>
  );
}
