import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/lib/permissions";
import { requireUser } from "~/lib/session.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { dateToParts } from "~/lib/dates";
import { intervalParam, periodParams } from "~/features/reports/report-params.server";
import { flowPage } from "~/features/reports/report-pages.server";
import { DateInput, Radios, Table } from "~/lib/components/govuk";
import { BarChart, LineChart } from "~/lib/components/charts";
import { Download, ReadCopyNotice, ReportBack, ReportFilters, num, qs } from "~/features/reports/components";

export const handle = { title: "Flow" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const links = can(user.role, "view:households");
  const url = new URL(request.url);
  const { from, to, errors } = periodParams(url, today(request));
  const interval = intervalParam(url);
  const form = { from: dateToParts(from), to: dateToParts(to), interval };
  const range = { from, to };
  if (Object.keys(errors).length) return { errors, form, report: null, query: "", links, range, copy: null };
  const { value: report, copy } = await readForReport((db) => flowPage(db, { from, to, interval }));
  return {
    errors,
    form,
    report: { ...report, csv: undefined, destinationsCsv: undefined },
    query: qs({ from, to, interval }),
    links,
    range,
    copy,
  };
}

export default function Flow() {
  const { errors, form, report, query, links, range, copy } = useLoaderData<typeof loader>();
  return (
    <>
      <ReportBack />
      <h1 className="govuk-heading-l">Flow</h1>
      <ReadCopyNotice copy={copy} />
      <ReportFilters errors={errors} values={form} order={["from", "to"]}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <DateInput name="from" legend="From" value={form.from} error={errors.from} />
          </div>
          <div className="govuk-grid-column-one-third">
            <DateInput name="to" legend="To" hint="Included" value={form.to} error={errors.to} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Radios
              name="interval"
              legend="Per"
              small
              inline
              defaultValue={form.interval}
              choices={[
                { value: "week", label: "Week" },
                { value: "month", label: "Month" },
              ]}
            />
          </div>
        </div>
      </ReportFilters>
      {report ? (
        <>
          <h2 className="govuk-heading-m">{report.period}</h2>
          <p className="govuk-body">
            {num(report.inTaAtStart)} households were in TA on the night of {report.dayBefore}. In the period {num(report.totals.entries)}{" "}
            entered TA, {num(report.totals.exits)} left and {num(report.totals.transfers)} moved between units. An entry is the start of an
            episode; an exit is its end (the household's last night in TA is the night before); a transfer is a move to another unit within
            an episode.
          </p>
          <LineChart
            id="flow-chart"
            title={`Entries and exits per ${form.interval}`}
            series={[
              { name: "Entries", points: report.rows.map((r) => ({ x: r.label, y: r.entries })) },
              { name: "Exits", points: report.rows.map((r) => ({ x: r.label, y: r.exits })) },
              { name: "Transfers", points: report.rows.map((r) => ({ x: r.label, y: r.transfers })) },
            ]}
            yLabel="Households"
          />
          <LineChart
            id="in-ta-chart"
            title={`Households in TA at the end of each ${form.interval}`}
            series={[{ name: "In TA", points: report.rows.map((r) => ({ x: r.label, y: r.inTaAtEnd })) }]}
            yLabel="Households"
            fromZero={false}
          />
          <Table
            caption={`Entries, exits and transfers per ${form.interval}`}
            captionSize="s"
            rows={report.rows}
            rowKey={(r) => r.start}
            columns={[
              { header: "From", cell: (r) => r.startLabel },
              { header: "To", cell: (r) => r.endLabel },
              { header: "Entries", cell: (r) => num(r.entries), numeric: true },
              { header: "Exits", cell: (r) => num(r.exits), numeric: true },
              { header: "Transfers", cell: (r) => num(r.transfers), numeric: true },
              { header: "Net change", cell: (r) => (r.netChange > 0 ? `+${num(r.netChange)}` : num(r.netChange)), numeric: true },
              { header: "In TA at the end", cell: (r) => num(r.inTaAtEnd), numeric: true },
            ]}
          />
          <Download to={`/reports/csv/flow-page.csv?${query}`}>Download this table as CSV</Download>
          <BarChart
            id="destinations"
            title="Exits by destination"
            seriesNames={["Exits"]}
            bars={report.destinations.map((d) => ({ label: d.name, values: [d.n] }))}
            format={(v) => v.toLocaleString("en-GB")}
          />
          <Download to={`/reports/csv/exit-destinations.csv?${query}`}>Download exits by destination as CSV</Download>
          {links && report.destinations.length ? (
            <>
              <h3 className="govuk-heading-s">Households behind each destination</h3>
              <ul className="govuk-list">
                {report.destinations.map((d) => (
                  <li key={d.destination}>
                    <Link
                      className="govuk-link"
                      to={`/reports/households?${qs({ from: range.from, asOf: range.to, destination: d.destination })}`}
                    >
                      {d.name}: {num(d.n)} households
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
