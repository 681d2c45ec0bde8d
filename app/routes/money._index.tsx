import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { addDays, financialYearStart, formatDate } from "~/lib/dates";

const forecastYearStart = (day: string) => financialYearStart(day).slice(0, 4);
import { formatPence } from "~/features/money/money";
import { averageNightly, paidPence, spendPage, type SpendRow } from "~/features/money/spend.server";
import { SPEND_VIEWS, type SpendView } from "~/features/money/spend-views";
import { getLha } from "~/features/money/lha.server";
import { rateBenchmark } from "~/features/money/benchmark.server";
import { budgetReport } from "~/features/money/budgets.server";
import { SummaryList, Table, WarningText } from "~/lib/components/govuk";
import { BarChart, LineChart } from "~/lib/components/charts";

export const handle = { title: "Money" };

/** Groups shown on the page, at most; the rest are in the CSV download. */
const GROUPS_SHOWN = 25;
function largest<T>(rows: SpendRow[], map: (r: SpendRow) => T) {
  return { rows: rows.slice(0, GROUPS_SHOWN).map(map), total: rows.length };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const db = await getDb();
  const day = today(request);
  const [spend, lha] = await Promise.all([spendPage(db, day), getLha(db)]);
  const market = await rateBenchmark(db, day);
  const budgets = await budgetReport(db, day, Number(forecastYearStart(day)));
  const { month: months, ta_type: byType, provider: byProvider, district: byDistrict, forecast } = spend;
  const row = (r: SpendRow) => ({ ...r, average: averageNightly(r) });
  return {
    dayLabel: formatDate(day),
    fy: { from: formatDate(forecast.fyFrom), to: formatDate(addDays(forecast.fyTo, -1)), lastNight: formatDate(addDays(day, -1)) },
    forecast,
    paidToDate: paidPence(forecast.toDate),
    // The largest groups only: a national caseload has thousands of providers, and a page
    // of every one of them is for nobody (the CSV download has them all).
    // The month holding the last night is only part of a month (its label says to when).
    months: months.map((m) => ({ ...row(m), partial: m.label !== m.key })),
    // Total cost over total household-weeks (nights / 7): a long stay weighs as much as its weeks.
    perWeek: forecast.toDate.nights
      ? {
          gross: Math.round((forecast.toDate.grossPence * 7) / forecast.toDate.nights),
          net: Math.round((forecast.toDate.netPence * 7) / forecast.toDate.nights),
          weeks: forecast.toDate.nights / 7,
        }
      : null,
    byType: largest(byType, row),
    byProvider: largest(byProvider, row),
    byDistrict: largest(byDistrict, row),
    budgets: budgets.map((b) => ({
      id: b.id,
      label: `${b.taTypeName}${b.providerName ? `, ${b.providerName}` : b.costCentre ? `, cost centre ${b.costCentre}` : ""}`,
      budget: b.budgetPence,
      toDate: b.toDatePence,
      forecast: b.forecastPence,
      variance: b.variancePence,
    })),
    market: { units: market.units, above: market.above.length, savingPence: market.savingPence },
    illustrative: lha.brmas.filter((b) => b.illustrative).map((b) => b.name),
    canEditRates: can(user.role, "edit:rates"),
    canEditInvoices: can(user.role, "edit:invoices"),
  };
}

type Row = SpendRow & { average: number | null };
/** Short axis and bar labels (the tables carry the exact figures): £750k, £2.3m. */
const pounds = (v: number) =>
  Math.abs(v) >= 1_000_000
    ? `£${(v / 1_000_000).toLocaleString("en-GB", { maximumFractionDigits: 1 })}m`
    : Math.abs(v) >= 1_000
      ? `£${Math.round(v / 1_000).toLocaleString("en-GB")}k`
      : `£${Math.round(v).toLocaleString("en-GB")}`;
const toPounds = (p: number) => p / 100;

function SpendTable({ caption, rows, first }: { caption: string; rows: Row[]; first: string }) {
  return (
    <Table
      caption={caption}
      captionSize="s"
      rowKey={(r) => r.key}
      rows={rows}
      empty="No occupied nights in this period."
      columns={[
        { header: first, cell: (r) => r.label },
        { header: "Nights", cell: (r) => r.nights.toLocaleString("en-GB"), numeric: true },
        { header: "Households", cell: (r) => r.households.toLocaleString("en-GB"), numeric: true },
        { header: "Gross cost", cell: (r) => formatPence(r.grossPence), numeric: true },
        { header: "Estimated subsidy", cell: (r) => formatPence(r.subsidyPence), numeric: true },
        { header: "Net cost", cell: (r) => formatPence(r.netPence), numeric: true },
        { header: "Average a night", cell: (r) => (r.average === null ? "" : formatPence(r.average)), numeric: true },
        { header: "Void nights", cell: (r) => r.voidNights.toLocaleString("en-GB"), numeric: true },
        { header: "Void cost", cell: (r) => formatPence(r.voidPence), numeric: true },
      ]}
    />
  );
}

function Download({ view }: { view: SpendView }) {
  return (
    <p className="govuk-body">
      <a className="govuk-link" href={`/money/spend.csv?view=${view}`} download>
        Download {SPEND_VIEWS[view].charAt(0).toLowerCase() + SPEND_VIEWS[view].slice(1)} (CSV)
      </a>
    </p>
  );
}

function GroupView({
  id,
  view,
  groups: { rows, total },
  first,
  limit = 15,
}: {
  id: string;
  view: SpendView;
  groups: { rows: Row[]; total: number };
  first: string;
  limit?: number;
}) {
  const shown = rows.slice(0, limit);
  return (
    <section className="govuk-!-margin-bottom-9" aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {SPEND_VIEWS[view]}
      </h2>
      <BarChart
        id={id}
        title={`Net cost, subsidy and void cost ${total > limit ? `(the ${limit} largest of ${total.toLocaleString("en-GB")})` : ""}`.trim()}
        stacked
        seriesNames={["Net cost", "Estimated subsidy", "Void cost"]}
        bars={shown.map((r) => ({ label: r.label, values: [toPounds(r.netPence), toPounds(r.subsidyPence), toPounds(r.voidPence)] }))}
        format={pounds}
        description={`Bars of what was paid: gross cost split into net cost and estimated subsidy, then the void cost of empty nights paid for, ${SPEND_VIEWS[view].toLowerCase()}. The numbers are in the tables below.`}
      />
      <SpendTable caption={SPEND_VIEWS[view]} rows={rows} first={first} />
      {total > rows.length ? (
        <p className="govuk-body">
          The table shows the {rows.length} largest of {total.toLocaleString("en-GB")}, by gross cost. The download has all of them.
        </p>
      ) : null}
      <Download view={view} />
    </section>
  );
}

export default function Money() {
  const d = useLoaderData<typeof loader>();
  const f = d.forecast;
  const partMonth = d.months.find((m) => m.partial);
  return (
    <>
      <h1 className="govuk-heading-l">Money</h1>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to="/money/invoices">
            Provider invoices, checked against the nights occupied
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/money/rates">
            Rates and charges per unit
          </Link>
          {d.canEditRates ? (
            <>
              {" "}
              (
              <Link className="govuk-link" to="/money/rates/bulk">
                change a provider's rates
              </Link>
              )
            </>
          ) : null}
        </li>
        <li>
          <Link className="govuk-link" to="/money/voids">
            Rooms paid for but empty
          </Link>{" "}
          (units paid for every night with nobody placed last night)
        </li>
        <li>
          <Link className="govuk-link" to="/money/occupancy-audit">
            Occupancy audit
          </Link>{" "}
          (rooms empty for long, placements with no contact, invoices for households who have left, and the nights and money recovered)
        </li>
        <li>
          <Link className="govuk-link" to="/money/budgets">
            Budgets
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/money/negotiations">
            Rate negotiations
          </Link>{" "}
          (asked, offered, agreed or refused, and what agreed ones saved)
        </li>
        <li>
          <Link className="govuk-link" to="/money/rates/market">
            Rates above the market
          </Link>
          : {d.market.above.toLocaleString("en-GB")} of {d.market.units.toLocaleString("en-GB")} units are above the median rate of their
          type, size and district; bringing them down to it would have saved {formatPence(d.market.savingPence)} over the last year
        </li>
        <li>
          <Link className="govuk-link" to="/money/lha">
            Local housing allowance rates (January 2011) used for subsidy
          </Link>
        </li>
      </ul>
      <p className="govuk-body" id="recorded-estimated">
        <strong>Recorded:</strong> the agreed rates of each unit, the charges to households, placements and provider invoices; gross cost
        and void cost are worked out from these. <strong>Estimated:</strong> housing benefit subsidy (from the January 2011 LHA table) and
        so net cost, and the forecast.
      </p>
      {d.illustrative.length ? (
        <WarningText>
          Subsidy estimates use illustrative local housing allowance figures for {d.illustrative.join(", ")}, not the published January 2011
          rates. An administrator can enter the published figures.
        </WarningText>
      ) : null}

      <h2 className="govuk-heading-m">
        This financial year: {d.fy.from} to {d.fy.to}
      </h2>
      <SummaryList
        rows={[
          { key: `Gross cost to date (nights to ${d.fy.lastNight})`, value: formatPence(f.toDate.grossPence) },
          { key: "Estimated subsidy to date", value: formatPence(f.toDate.subsidyPence) },
          { key: "Net cost to date", value: formatPence(f.toDate.netPence) },
          {
            key: "Void cost to date (paid for, nobody placed)",
            value: `${formatPence(f.toDate.voidPence)} for ${f.toDate.voidNights.toLocaleString("en-GB")} nights`,
          },
          { key: "Paid to date (occupied and void)", value: formatPence(d.paidToDate) },
          {
            key: "Cost per household-week (occupied nights)",
            value: d.perWeek
              ? `${formatPence(d.perWeek.gross)} gross, ${formatPence(d.perWeek.net)} net: total cost divided by total household-weeks (${d.perWeek.weeks.toLocaleString("en-GB", { maximumFractionDigits: 1 })} weeks), not an average of each household's rate`
              : "No occupied nights",
          },
          {
            key: "Nights and households behind these figures",
            value: `${f.toDate.nights.toLocaleString("en-GB")} nights, ${f.toDate.households.toLocaleString("en-GB")} households`,
          },
          {
            key: `Forecast for the rest of the year (${f.nightsLeft} nights)`,
            value: `${formatPence(f.forecastGrossPence)} gross, ${formatPence(f.forecastSubsidyPence)} subsidy, ${formatPence(f.forecastNetPence)} net, ${formatPence(f.forecastVoidPence)} void`,
          },
          {
            key: "Forecast for the whole year",
            value: `${formatPence(f.yearGrossPence)} gross, ${formatPence(f.yearSubsidyPence)} subsidy, ${formatPence(f.yearNetPence)} net, ${formatPence(f.yearVoidPence)} void`,
          },
        ]}
      />
      <section className="govuk-!-margin-bottom-6" aria-labelledby="budgets-heading">
        <h2 className="govuk-heading-m" id="budgets-heading">
          Budgets this year
        </h2>
        <Table
          caption="Budget against paid to date and forecast, this financial year"
          captionSize="s"
          rowKey={(b) => b.id}
          rows={d.budgets}
          empty="No budgets set for this year."
          columns={[
            { header: "Budget for", cell: (b) => b.label },
            { header: "Budget", cell: (b) => formatPence(b.budget), numeric: true },
            { header: "Paid to date", cell: (b) => (b.toDate === null ? "Not attributed" : formatPence(b.toDate)), numeric: true },
            { header: "Forecast", cell: (b) => (b.forecast === null ? "Not attributed" : formatPence(b.forecast)), numeric: true },
            { header: "Variance", cell: (b) => (b.variance === null ? "Not attributed" : formatPence(b.variance)), numeric: true },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to="/money/budgets">
            Set or import budgets
          </Link>
          {" · "}
          <a className="govuk-link" href="/money/budgets.csv" download>
            Download budget against spend and forecast (CSV)
          </a>
        </p>
      </section>
      <p className="govuk-body" id="forecast-assumption">
        <strong>Assumption:</strong> the forecast is a run-rate. The last {f.basisNights} nights cost {formatPence(f.recent.grossPence)}{" "}
        gross ({formatPence(f.recent.subsidyPence)} subsidy) and {formatPence(f.recent.voidPence)} for empty nights paid for; the same
        amount each {f.basisNights} nights is assumed from {d.dayLabel} to {d.fy.to}: the same number of households, in the same kinds of
        accommodation, at today's rates. It does not allow for growth, rate rises or moves.
      </p>

      <section className="govuk-!-margin-bottom-9" aria-labelledby="months-heading">
        <h2 className="govuk-heading-m" id="months-heading">
          {SPEND_VIEWS.month}
        </h2>
        <LineChart
          id="months"
          title="Gross cost, estimated subsidy, net cost and void cost per month"
          yLabel="Pounds"
          format={pounds}
          series={[
            { name: "Gross", points: d.months.map((m) => ({ x: m.label, y: m.partial ? null : toPounds(m.grossPence) })) },
            { name: "Net", points: d.months.map((m) => ({ x: m.label, y: m.partial ? null : toPounds(m.netPence) })) },
            { name: "Subsidy", points: d.months.map((m) => ({ x: m.label, y: m.partial ? null : toPounds(m.subsidyPence) })) },
            { name: "Void", points: d.months.map((m) => ({ x: m.label, y: m.partial ? null : toPounds(m.voidPence) })) },
            {
              name: "Gross, part month",
              points: d.months.map((m) => ({ x: m.label, y: m.partial ? toPounds(m.grossPence) : null })),
            },
          ]}
          note={
            partMonth ? (
              <span id="part-month">
                {partMonth.label} is part of a month: its gross cost ({formatPence(partMonth.grossPence)}) is drawn on its own, not joined
                to the full months, so the line does not fall where the month is not over.
              </span>
            ) : undefined
          }
        />
        <LineChart
          id="rate"
          title="Average cost of a night per month"
          yLabel="Pounds a night"
          fromZero={false}
          format={(v) => `£${v.toFixed(2)}`}
          series={[{ name: "Average", points: d.months.map((m) => ({ x: m.label, y: m.average === null ? null : m.average / 100 })) }]}
        />
        <SpendTable caption={SPEND_VIEWS.month} rows={d.months} first="Month" />
        <Download view="month" />
      </section>
      <GroupView id="types" view="ta_type" groups={d.byType} first="Type" />
      <GroupView id="providers" view="provider" groups={d.byProvider} first="Provider" />
      <GroupView id="districts" view="district" groups={d.byDistrict} first="District (GSS code)" />
      <p className="govuk-body-s">
        Gross cost prices each occupied night at the unit's rate in force that night (weekly rates spread over the week). Subsidy is an
        estimate: for bed and breakfast and other accommodation that is not self-contained, the January 2011 one-bedroom LHA rate; for
        self-contained accommodation, 90% of the January 2011 LHA rate for its size, at most £500 a week in London or £375 elsewhere; never
        more than the charge to the household or the council's own cost. Nights with no agreed rate are counted but not priced.
      </p>
      <p className="govuk-body-s" id="void-definition">
        Void cost: a unit paid for every night (a lease or block booking: private sector leased units unless a unit says otherwise) costs
        its rate on every night it is in use. Void nights are those nights with nobody placed, out-of-service nights included; void cost
        prices them at the unit's rate. It is not in gross cost, which prices occupied nights only; the two together are what the council
        pays.
      </p>
    </>
  );
}
