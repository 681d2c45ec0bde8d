import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { dateToParts } from "~/lib/dates";
import { LOS_BANDS, WHY_NOT_AVERAGE } from "~/features/reports/reports";
import { LOS_SPLITS } from "~/features/reports/reports.server";
import { asOfParam, losSplitParam } from "~/features/reports/report-params.server";
import { lengthOfStayPage } from "~/features/reports/report-pages.server";
import { DateInput, Select, ScrollBox } from "~/lib/components/govuk";
import { LineChart } from "~/lib/components/charts";
import { Download, ReadCopyNotice, ReportBack, ReportFilters, days, num, qs } from "~/features/reports/components";

export const handle = { title: "Length of stay" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const url = new URL(request.url);
  const { asOf, errors } = asOfParam(url, today(request));
  const split = losSplitParam(url);
  const form = { asOf: dateToParts(asOf), split };
  const splits = Object.entries(LOS_SPLITS).map(([value, label]) => ({ value, label }));
  const bands = LOS_BANDS.map((b) => ({ code: b.code, label: b.label }));
  const base = { errors, form, splits, bands, why: WHY_NOT_AVERAGE, asOf, links: can(user.role, "view:households") };
  if (Object.keys(errors).length) return { ...base, report: null, query: "", copy: null };
  const { value: report, copy } = await readForReport((db) => lengthOfStayPage(db, { asOf, split }));
  return { ...base, report: { ...report, csv: undefined }, query: qs({ asOf, split }), copy };
}

export default function LengthOfStay() {
  const { errors, form, splits, bands, why, asOf, links, report, query, copy } = useLoaderData<typeof loader>();
  return (
    <>
      <ReportBack />
      <h1 className="govuk-heading-l">Length of stay</h1>
      <ReadCopyNotice copy={copy} />
      <ReportFilters errors={errors} values={form} order={["asOf"]}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput
              name="asOf"
              legend="As at"
              hint="Stays still going on the night of this date are counted up to it"
              value={form.asOf}
              error={errors.asOf}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select name="split" label="Split by" defaultValue={form.split} options={splits} />
          </div>
        </div>
      </ReportFilters>
      <div className="govuk-inset-text">
        <h2 className="govuk-heading-s">Why not an average of finished stays?</h2>
        <p className="govuk-body">{why}</p>
      </div>
      {report ? (
        <>
          <h2 className="govuk-heading-m">Per TA episode, as at {report.asOfLabel}</h2>
          <p className="govuk-body">
            An episode runs from entering TA to leaving it; moves between units are part of one episode. Days are nights in TA. The 95%
            confidence intervals come from the Kaplan-Meier estimate with Greenwood's variance. "Not reached" means too few households have
            left to know yet.
          </p>
          <ScrollBox label="Length of stay by group">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Length of stay, split by: {report.splitLabel}, in days
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Group
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Episodes
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Ended
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Still in TA
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Median
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Median, 95% interval
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    25th percentile (95% interval)
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    75th percentile (95% interval)
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {report.table.map((r) => (
                  <tr key={r.key} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {r.name}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{num(r.s.episodes)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{num(r.s.ended)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{num(r.s.stillInTa)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{days(r.s.median)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {days(r.s.medianLower)} to {days(r.s.medianUpper)}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {days(r.s.p25)} ({days(r.s.p25Lower)} to {days(r.s.p25Upper)})
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {days(r.s.p75)} ({days(r.s.p75Lower)} to {days(r.s.p75Upper)})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <Download to={`/reports/csv/length-of-stay-page.csv?${query}`}>Download length of stay as CSV</Download>
          <LineChart
            id="survival"
            title="Share still in TA, by months since entering, %"
            description="Kaplan-Meier estimate of the share of households still in TA after each number of months since they entered. The numbers are in the table below the chart."
            series={report.series}
            yLabel="Still in TA, %"
            format={(v) => `${v.toFixed(1)}%`}
            note="Months since entering TA along the bottom. A curve stops where follow-up ends."
          />
          <h2 className="govuk-heading-m">Households in TA on {report.asOfLabel}, by time in TA</h2>
          <p className="govuk-body">The bands MHCLG uses, counted from the start of each household's current episode.</p>
          <ScrollBox label="Households by length of stay so far">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Households in TA by length of stay so far</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Group
                  </th>
                  {bands.map((b) => (
                    <th key={b.code} scope="col" className="govuk-table__header govuk-table__header--numeric">
                      {b.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {report.table.map((r) => (
                  <tr key={r.key} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {r.name}
                    </th>
                    {r.bands.map((n, i) => (
                      <td key={bands[i].code} className="govuk-table__cell govuk-table__cell--numeric">
                        {links && r.key === "all" && n > 0 ? (
                          <Link className="govuk-link" to={`/reports/households?${qs({ asOf, band: bands[i].code })}`}>
                            {num(n)}
                            <span className="govuk-visually-hidden"> households in TA {bands[i].label.toLowerCase()}</span>
                          </Link>
                        ) : (
                          num(n)
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      ) : null}
    </>
  );
}
