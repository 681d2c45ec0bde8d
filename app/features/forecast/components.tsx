/** Pieces of the forecast and scenario pages. */
import type { ReactNode } from "react";
import { ScrollBox } from "~/lib/components/govuk";

/** A table of strings in a region that scrolls sideways on a narrow screen; each row's first cell is its header. */
export function DataTable({ caption, head, rows, label }: { caption: ReactNode; head: string[]; rows: string[][]; label: string }) {
  return (
    <ScrollBox label={label}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((h, i) => (
              <th key={i} scope="col" className={`govuk-table__header${i > 0 ? " govuk-table__header--numeric" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r, i) => (
            <tr key={i} className="govuk-table__row">
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row" className="govuk-table__header">
                    {c}
                  </th>
                ) : (
                  <td key={j} className="govuk-table__cell govuk-table__cell--numeric">
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export interface MethodFacts {
  origin: string;
  current: number;
  kmEpisodes: number;
  kmEnded: number;
  arrivalsPerMonth: string;
  seasonality: string;
}

/** How the forecast is made, what it assumes and what it cannot see: on the page, in the print view. */
export function MethodNote({ m }: { m: MethodFacts }) {
  return (
    <details className="govuk-details" open>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">How the forecast is made, its assumptions and its limits</span>
      </summary>
      <div className="govuk-details__text">
        <h3 className="govuk-heading-s">Method</h3>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            It starts from the {m.current.toLocaleString("en-GB")} households in TA on the night of {m.origin}: how long each has been in TA
            (its episode), the bedrooms it needs (the bedroom standard), whether it is a family (a dependent child or a pregnant member),
            and the type of accommodation it is in (B&amp;B by the 2003 Order, as on TA1).
          </li>
          <li>
            Exits come from the Kaplan-Meier length of stay of {m.kmEpisodes.toLocaleString("en-GB")} episodes (
            {m.kmEnded.toLocaleString("en-GB")} ended; those still in TA counted as censored). A household in TA for d nights is still in TA
            t nights later with chance S(d + t) / S(d), so each leaves at the rate its time in TA predicts.
          </li>
          <li>
            Arrivals: {m.arrivalsPerMonth} a month, the rate of new episodes in the last 365 nights, arriving at random (Poisson).
            Seasonality: {m.seasonality}
          </li>
          <li>
            Where arrivals stay, by time since arrival (30-day bands): as the households that arrived in the last three years did (type,
            bedrooms needed and family at entry), so moves out of B&amp;B after arrival are counted.
          </li>
          <li>
            The 95% intervals add three sources: which of the households already in TA leave (binomial), how many arrive (Poisson), and the
            uncertainty of the arrival rate itself.
          </li>
          <li>
            Costs: the cost per night and estimated housing benefit subsidy per night of each type and size over the last 13 weeks, by the
            money rules (rates, charges, January 2011 LHA caps), and void cost (units paid for every night with nobody in them) at its rate
            of the last 13 weeks. Net cost is gross plus void cost minus subsidy.
          </li>
          <li>
            Families in B&amp;B over six weeks: families expected in B&amp;B on the month&apos;s last night with more than 42 nights there
            (households already in B&amp;B: their nights so far; arrivals: nights since arriving).
          </li>
        </ul>
        <h3 className="govuk-heading-s">Assumptions and limits</h3>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Households already in TA stay in the type of accommodation they are in now until they leave (their transfers are not modelled).
          </li>
          <li>
            Length of stay is as it has been; past the longest stay seen, nobody is assumed to leave. One curve for every type and size.
          </li>
          <li>Rates, subsidy and void nights stay at the last 13 weeks&apos; level: no inflation, no new rates agreed after today.</li>
          <li>
            The intervals do not include the uncertainty of the length-of-stay curve, nor changes of policy or demand nobody has recorded
            yet: the backtests show how far past forecasts were out.
          </li>
          <li>Changes to supply move households between types and change costs; they do not change how many households are in TA.</li>
        </ul>
      </div>
    </details>
  );
}

interface ScenarioBodyData {
  scenario: { name: string; notes: string | null; madeOn: string; by: string | null; changes: string[] };
  origin: string;
  months: number;
  headline: { months: number; rows: string[][] }[];
  trialRange: { lowerNet: string; upperNet: string; lowerHouseholds: string; upperHouseholds: string } | null;
  notes: string[];
  compareHead: string[];
  compare: string[][];
  budgetHead: string[];
  budgetsBase: string[][];
  budgetsScenario: string[][];
}

/** The scenario against the baseline: what changes, the totals, month by month, and the budget. */
export function ScenarioBody({ d }: { d: ScenarioBodyData }) {
  return (
    <>
      <h2 className="govuk-heading-m">The changes</h2>
      <ul className="govuk-list govuk-list--bullet">
        {d.scenario.changes.map((c, i) => (
          <li key={i}>{c}</li>
        ))}
      </ul>
      {d.scenario.notes ? <p className="govuk-body">{d.scenario.notes}</p> : null}
      <p className="govuk-body-s">
        Made on {d.scenario.madeOn}
        {d.scenario.by ? ` by ${d.scenario.by}` : ""}. Figures from the data up to {d.origin}, against the baseline forecast (no change).
      </p>
      {d.notes.map((n, i) => (
        <div key={i} className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {n}
          </strong>
        </div>
      ))}
      {d.headline.map((h) => (
        <DataTable
          key={h.months}
          caption={`Over the first ${h.months} months`}
          head={["Measure", "Baseline", "Scenario", "Change"]}
          rows={h.rows}
          label={`Totals over ${h.months} months`}
        />
      ))}
      {d.trialRange ? (
        <p className="govuk-body">
          At the ends of the trial&apos;s 95% interval, the net cost over the first 12 months would be {d.trialRange.lowerNet} to{" "}
          {d.trialRange.upperNet}, and households in TA after 12 months {d.trialRange.lowerHouseholds} to {d.trialRange.upperHouseholds}.
        </p>
      ) : null}
      <h2 className="govuk-heading-m">Month by month</h2>
      <DataTable caption="The scenario against the baseline, month by month" head={d.compareHead} rows={d.compare} label="Month by month" />
      <h2 className="govuk-heading-m">Against the budget</h2>
      <DataTable caption="Baseline: paid against the budget" head={d.budgetHead} rows={d.budgetsBase} label="Baseline against the budget" />
      <DataTable
        caption="Scenario: paid against the budget"
        head={d.budgetHead}
        rows={d.budgetsScenario}
        label="Scenario against the budget"
      />
    </>
  );
}
