import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { formatDate } from "~/lib/dates";
import { Select } from "~/lib/components/govuk";
import { Download, ReadCopyNotice, ReportBack, ReportFilters } from "~/features/reports/components";
import { DataTable, MethodNote } from "~/features/forecast/components";
import { keptForecast, keptInputs, monthsParam } from "~/features/forecast/scenarios.server";
import { backtests } from "~/features/forecast/backtests.server";
import {
  BACKTEST_HEAD,
  BACKTEST_SUMMARY_HEAD,
  BUDGET_HEAD,
  FORECAST_HEAD,
  backtestRows,
  backtestSummaryRows,
  budgetRows,
  byBedsRows,
  byCatRows,
  forecastRows,
  oneDp,
} from "~/features/forecast/views.server";

export const handle = { title: "Forecast of households in TA" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const day = today(request);
  const months = monthsParam(new URL(request.url));
  const {
    value: [inputs, f, b],
    copy,
  } = await readForReport((db) => Promise.all([keptInputs(db, day), keptForecast(db, day, [], months, "baseline"), backtests(db, day)]));
  return {
    copy,
    months,
    origin: formatDate(day),
    method: {
      origin: formatDate(day),
      current: inputs.current.reduce((s, c) => s + c.n, 0),
      kmEpisodes: inputs.kmEpisodes,
      kmEnded: inputs.kmEnded,
      arrivalsPerMonth: oneDp(f.arrivalsPerMonth),
      seasonality:
        f.seasonality.pValue === null
          ? `not tested (${f.seasonality.reason}).`
          : `${f.seasonality.reason} over ${f.seasonality.months} whole months (chi-square ${oneDp(f.seasonality.chiSquare ?? 0)} on 11 degrees of freedom, dispersion ${oneDp(f.seasonality.dispersion ?? 1)}, p = ${f.seasonality.pValue.toFixed(3)}), so ${f.seasonality.seasonal ? "each month's arrivals are scaled by its month-of-year factor" : "the rate is the same every month"}.`,
    },
    table: forecastRows(f),
    byCat: byCatRows(f),
    byBeds: byBedsRows(f),
    budgets: budgetRows(f),
    backtests: backtestRows(b),
    backtestSummary: backtestSummaryRows(b),
    heads: { forecast: FORECAST_HEAD, backtests: BACKTEST_HEAD, backtestSummary: BACKTEST_SUMMARY_HEAD, budgets: BUDGET_HEAD },
  };
}

export default function Forecast() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <ReportBack />
      <h1 className="govuk-heading-l">Forecast of households in TA</h1>
      <ReadCopyNotice copy={d.copy} />
      <p className="govuk-body">
        What the next {d.months} months look like if arrivals and length of stay carry on as they have, from the data up to {d.origin}. To
        see what a change to supply, rates or length of stay would do, <Link to="/reports/scenarios">make or compare a scenario</Link>.
      </p>
      <ReportFilters errors={{}}>
        <Select
          name="months"
          label="Months ahead"
          defaultValue={String(d.months)}
          options={[
            { value: "12", label: "12 months" },
            { value: "24", label: "24 months" },
          ]}
        />
      </ReportFilters>
      <MethodNote m={d.method} />
      <h2 className="govuk-heading-m">Month by month</h2>
      <Download to={`/reports/forecast/csv?months=${d.months}`}>Download the forecast month by month (CSV)</Download>
      <DataTable
        caption="Households in TA, families in B&B and cost, month by month"
        head={d.heads.forecast}
        rows={d.table}
        label="Forecast month by month"
      />
      <h2 className="govuk-heading-m">How good were past forecasts?</h2>
      <p className="govuk-body">
        The same method run from each quarter end of the last two years, with only the data known then, against what happened 3, 6 and 12
        months later. The error is the forecast minus what happened; the mean absolute error is the average size of the error, whichever
        way.
      </p>
      <DataTable
        caption="Backtests: errors by months ahead"
        head={d.heads.backtestSummary}
        rows={d.backtestSummary}
        label="Backtest summary"
      />
      <DataTable caption="Backtests: each forecast against what happened" head={d.heads.backtests} rows={d.backtests} label="Backtests" />
      <h2 className="govuk-heading-m">Against the budget</h2>
      <DataTable
        caption="What the council pays (gross of occupied nights and void cost) against the budget of each financial year"
        head={d.heads.budgets}
        rows={d.budgets}
        label="Budgets"
      />
      <h2 className="govuk-heading-m">By type of accommodation</h2>
      <DataTable
        caption="Households in TA at each month's end by type (95% interval)"
        head={d.byCat.head}
        rows={d.byCat.rows}
        label="By type"
      />
      <h2 className="govuk-heading-m">By bedrooms needed</h2>
      <DataTable
        caption="Households in TA at each month's end by the bedrooms they need (95% interval)"
        head={d.byBeds.head}
        rows={d.byBeds.rows}
        label="By bedrooms needed"
      />
    </>
  );
}
