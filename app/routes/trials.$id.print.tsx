import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { getTrial } from "~/features/trials/trials.server";
import { trialReport } from "~/features/trials/trial-report.server";
import { getSetting } from "~/lib/settings.server";

export const handle = {
  title: (d: { report?: { trial: { name: string } } }) => (d?.report ? `Summary: ${d.report.trial.name}` : "Summary"),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const db = await getDb();
  const trial = await getTrial(db, parseId(params.id));
  const report = await trialReport(db, trial, today(request), "left_90");
  const council = (await getSetting<string>(db, "council_name")) ?? "";
  return { report, council };
}

/** One page a squad can print or save as PDF and take to another council. */
export default function TrialSummary() {
  const { report: r, council } = useLoaderData<typeof loader>();
  const t = r.trial;
  return (
    <article className="waypoint-trial-summary">
      <p className="govuk-body waypoint-no-print">
        <Link className="govuk-link" to={`/trials/${t.id}`}>
          Back to the full results
        </Link>
      </p>
      <span className="govuk-caption-m">
        {council} · test and learn summary · figures as at {r.asOfText}
      </span>
      <h1 className="govuk-heading-l">{t.name}</h1>
      <p className="govuk-body">
        <strong>Hypothesis:</strong> {t.hypothesis || "Not recorded"}
      </p>
      <p className="govuk-body">
        <strong>Who:</strong> {t.who}. <strong>Owner:</strong> {t.owner}. <strong>Aims to move:</strong> {t.measuresText.join("; ")}.
      </p>
      {r.comparisons.map((c) => (
        <section key={c.key} aria-labelledby={`sum-${c.key}`}>
          <h2 className="govuk-heading-m" id={`sum-${c.key}`}>
            Compared with {c.name.toLowerCase()} ({c.sizes.trial} against {c.sizes.comparison} households)
          </h2>
          <p className="govuk-body">{c.shows.join(" ")}</p>
          <p className="govuk-body">{c.doesNotShow.join(" ")}</p>
          {c.makeUpFlags.length ? (
            <p className="govuk-body">
              <strong>Make-up:</strong> {c.makeUpFlags.join(" ")}
            </p>
          ) : null}
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Outcomes, with 95% intervals</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Measure
                </th>
                <th scope="col" className="govuk-table__header">
                  In the change
                </th>
                <th scope="col" className="govuk-table__header">
                  Comparison
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  Median stay
                </th>
                <td className="govuk-table__cell">{c.lengthOfStay.rows[0].median}</td>
                <td className="govuk-table__cell">{c.lengthOfStay.rows[1].median}</td>
              </tr>
              {c.leftWithin.map((l) => (
                <tr className="govuk-table__row" key={l.days}>
                  <th scope="row" className="govuk-table__header">
                    Left within {l.days} days
                  </th>
                  <td className="govuk-table__cell">{l.trial}</td>
                  <td className="govuk-table__cell">{l.comparison}</td>
                </tr>
              ))}
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  Gross cost per household-week
                </th>
                <td className="govuk-table__cell">{c.cost.trial}</td>
                <td className="govuk-table__cell">{c.cost.comparison}</td>
              </tr>
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  Net cost per household-week
                </th>
                <td className="govuk-table__cell">{c.cost.netTrial}</td>
                <td className="govuk-table__cell">{c.cost.netComparison}</td>
              </tr>
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  B&amp;B nights per 100 households
                </th>
                <td className="govuk-table__cell">{c.bnb.nightsTrial}</td>
                <td className="govuk-table__cell">{c.bnb.nightsComparison}</td>
              </tr>
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  Six-week breaches per 100 households
                </th>
                <td className="govuk-table__cell">{c.bnb.breachesTrial}</td>
                <td className="govuk-table__cell">{c.bnb.breachesComparison}</td>
              </tr>
            </tbody>
          </table>
          <p className="govuk-body-s">{c.lengthOfStay.test}</p>
        </section>
      ))}
      <p className="govuk-body-s">
        Length of stay by Kaplan-Meier (households still in TA counted as censored); shares by Wilson intervals among households watched
        long enough; costs gross, from unit rates, with bootstrap intervals (fixed seed). The anonymised household-level data is available
        as a CSV from the full results page.
      </p>
    </article>
  );
}
