import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { dateToParts } from "~/lib/dates";
import { OCCUPANCY_DEFINITIONS } from "~/features/reports/reports";
import { OCCUPANCY_GROUPS } from "~/features/reports/reports.server";
import { occupancyGroupParam, periodParams } from "~/features/reports/report-params.server";
import { occupancyPage } from "~/features/reports/report-pages.server";
import { DateInput, Select, Table } from "~/lib/components/govuk";
import { LineChart } from "~/lib/components/charts";
import { Download, ReadCopyNotice, ReportBack, ReportFilters, num, pct, qs } from "~/features/reports/components";

export const handle = { title: "Occupancy" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const url = new URL(request.url);
  const { from, to, errors } = periodParams(url, today(request));
  const group = occupancyGroupParam(url);
  const form = { from: dateToParts(from), to: dateToParts(to), group };
  const definitions = Object.values(OCCUPANCY_DEFINITIONS);
  const groups = Object.entries(OCCUPANCY_GROUPS).map(([value, label]) => ({ value, label }));
  if (Object.keys(errors).length) return { errors, form, report: null, links: false, query: "", definitions, groups, copy: null };
  const { value: report, copy } = await readForReport((db) => occupancyPage(db, { from, to, group }));
  return {
    errors,
    form,
    report: { ...report, csv: undefined },
    links: can(user.role, "view:households"),
    query: qs({ from, to, group }),
    to,
    definitions,
    groups,
    copy,
  };
}

export default function Occupancy() {
  const data = useLoaderData<typeof loader>();
  const { errors, form, report, links, query, definitions, groups, copy } = data;
  const to = "to" in data ? data.to : "";
  return (
    <>
      <ReportBack />
      <h1 className="govuk-heading-l">Occupancy</h1>
      <ReportFilters errors={errors} values={form} order={["from", "to"]}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <DateInput name="from" legend="From" hint="The first night of the period" value={form.from} error={errors.from} />
          </div>
          <div className="govuk-grid-column-one-third">
            <DateInput name="to" legend="To" hint="The last night of the period (included)" value={form.to} error={errors.to} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select name="group" label="Group by" defaultValue={form.group} options={groups} />
          </div>
        </div>
      </ReportFilters>
      {report ? (
        <>
          <ReadCopyNotice copy={copy} />
          <h2 className="govuk-heading-m">{report.period}</h2>
          <Table
            caption={`Occupancy, grouped by: ${report.groupLabel}`}
            captionSize="s"
            rows={report.rows}
            rowKey={(r) => r.key}
            columns={[
              { header: report.groupLabel, cell: (r) => r.name },
              { header: "Available unit-nights", cell: (r) => num(r.available), numeric: true },
              { header: "Occupied unit-nights", cell: (r) => num(r.occupied), numeric: true },
              { header: "Void nights", cell: (r) => num(r.voids), numeric: true },
              { header: "Occupancy rate", cell: (r) => pct(r.rate), numeric: true },
              ...(links
                ? [
                    {
                      header: `Households placed on ${report.toLabel}`,
                      cell: (r: (typeof report.rows)[number]) => (
                        <Link
                          className="govuk-link"
                          to={`/reports/households?${qs({ asOf: to, group: r.key === "all" ? undefined : form.group, key: r.key === "all" ? undefined : r.key })}`}
                        >
                          View
                          <span className="govuk-visually-hidden">
                            {" "}
                            households placed in {r.name} on {report.toLabel}
                          </span>
                        </Link>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Download to={`/reports/csv/occupancy-page.csv?${query}`}>Download this table as CSV</Download>
          <LineChart
            id="occupancy-rate"
            title={`Occupancy rate per ${report.bucket === "day" ? "night" : report.bucket}, %`}
            description={`Occupancy rate, as a percentage, for each ${report.bucket === "day" ? "night" : report.bucket} from ${report.period}. The numbers are in the table below the chart.`}
            series={report.series}
            yLabel="Occupancy, %"
            format={(v) => `${v.toFixed(1)}%`}
          />
          <h2 className="govuk-heading-m">How each measure is defined</h2>
          <ul className="govuk-list govuk-list--bullet">
            {definitions.map((v) => (
              <li key={v}>{v}</li>
            ))}
          </ul>
          <p className="govuk-body">
            Void nights are nights a unit was available and empty, whether or not it was paid for. A unit retired during the period counts
            until its retirement date; an out-of-service night (repairs) is not available.
          </p>
        </>
      ) : null}
    </>
  );
}
