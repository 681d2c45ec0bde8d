import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { getTrial } from "~/features/trials/trials.server";
import { trialReport } from "~/features/trials/trial-report.server";
import { getSetting } from "~/lib/settings.server";
import { HorizonTable, PrimaryResult, SecondaryTable, VERDICT_TAG } from "~/features/trials/components";

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
        <strong>The question:</strong> {t.hypothesis || "Not recorded"}
      </p>
      <p className="govuk-body">
        <strong>Who:</strong> {t.who}. <strong>Owner:</strong> {t.owner}.
      </p>
      <p className="govuk-body">
        <strong>Primary measure:</strong> {t.primaryText}. <strong>Secondary:</strong>{" "}
        {t.secondaryText.length ? t.secondaryText.join("; ") : "none"}. <strong>Plan:</strong> {t.planText}. {t.planChanges.join(" ")}{" "}
        {t.declaredText}
      </p>
      {r.comparisons.map((c) => (
        <section key={c.key} aria-labelledby={`sum-${c.key}`}>
          <h2 className="govuk-heading-m" id={`sum-${c.key}`}>
            Compared with {c.name.toLowerCase()} ({c.sizes.trial} against {c.sizes.comparison} households)
          </h2>
          <p className="govuk-body">{VERDICT_TAG[c.verdict]}</p>
          <p className="govuk-body" data-testid={`print-verdict-${c.key}`}>
            {c.shows.join(" ")}
          </p>
          <PrimaryResult c={c} Sub="h3" />
          <SecondaryTable c={c} />
          <HorizonTable c={c} />
          <p className="govuk-body">{c.destinationTest}</p>
          <p className="govuk-body">{c.makeUpTest}</p>
          {c.makeUpFlags.length ? (
            <p className="govuk-body">
              <strong>Make-up:</strong> {c.makeUpFlags.join(" ")}
            </p>
          ) : null}
          <h3 className="govuk-heading-s">What this design cannot show</h3>
          <ul className="govuk-list govuk-list--bullet">
            {c.doesNotShow.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <p className="govuk-body-s">
            Gross cost per household-week: {c.cost.trial} in the change, {c.cost.comparison} in the comparison group. {c.lengthOfStay.test}
          </p>
        </section>
      ))}
      <p className="govuk-body-s">
        Every measure is taken over the same days from each household's entry. Length of stay by Kaplan-Meier and restricted mean
        (households still in TA counted as censored); breaches by cumulative incidence; before the planned end the verdict is interim and
        uses an O&apos;Brien-Fleming boundary; secondary measures are adjusted by Holm; costs gross, from unit rates, with bootstrap
        intervals (fixed seed). The anonymised household-level data is available as a CSV from the full results page.
      </p>
    </article>
  );
}
