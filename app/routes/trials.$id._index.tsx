import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { getTrial } from "~/features/trials/trials.server";
import { isWeeklyMeasure, trialReport } from "~/features/trials/trial-report.server";
import { can } from "~/lib/permissions";
import { WEEKLY_MEASURES } from "~/features/trials/trials";
import { BackLink, Button, Select, SummaryList } from "~/lib/components/govuk";
import { LineChart } from "~/lib/components/charts";
import { ComparisonResults } from "~/features/trials/components";

export const handle = { title: (d: { report?: { trial: { name: string } } }) => d?.report?.trial.name ?? "Change" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const db = await getDb();
  const trial = await getTrial(db, parseId(params.id));
  const m = new URL(request.url).searchParams.get("measure");
  const report = await trialReport(db, trial, today(request), isWeeklyMeasure(m) ? m : "left_90");
  return { report, canEdit: can(user.role, "edit:trials") };
}

export default function TrialPage() {
  const { report: r, canEdit } = useLoaderData<typeof loader>();
  const t = r.trial;
  return (
    <>
      <BackLink to="/trials">Test and learn</BackLink>
      <span className="govuk-caption-l">Change</span>
      <h1 className="govuk-heading-l">{t.name}</h1>
      <SummaryList
        rows={[
          { key: "Hypothesis", value: t.hypothesis || "Not recorded" },
          { key: "Owner", value: t.owner },
          { key: "Runs", value: `From ${t.startText}${t.endText ? ` to ${t.endText}` : ", still running"}` },
          { key: "Primary measure", value: t.primaryText },
          {
            key: "Secondary measures",
            value: t.secondaryText.length ? (
              <ul className="govuk-list">
                {t.secondaryText.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : (
              "None"
            ),
          },
          { key: "Declared", value: t.declaredText },
          {
            key: "Plan",
            value: (
              <>
                {t.planText}
                {t.planChanges.map((c) => (
                  <p className="govuk-body govuk-!-margin-top-2" key={c}>
                    <strong>{c}</strong>
                  </p>
                ))}
              </>
            ),
          },
          {
            key: "Power",
            value: (
              <>
                {r.power.map((p) => (
                  <p className="govuk-body" key={p}>
                    {p}
                  </p>
                ))}
              </>
            ),
          },
          {
            key: "Households in the change",
            value: (
              <>
                {t.who}
                {t.taggedBeforeStart > 0 ? (
                  <p className="govuk-body govuk-!-margin-top-2">
                    {t.taggedBeforeStart} tagged {t.taggedBeforeStart === 1 ? "household" : "households"} entered TA before the change
                    started and {t.taggedBeforeStart === 1 ? "is" : "are"} not counted: {t.taggedBeforeStart === 1 ? "its" : "their"} stay
                    began before the change could touch {t.taggedBeforeStart === 1 ? "it" : "them"}.
                  </p>
                ) : null}
              </>
            ),
          },
          { key: "Figures as at", value: r.asOfText },
          {
            key: "Group sizes",
            value: (
              <ul className="govuk-list">
                <li>In the change: {r.sizes.trial}</li>
                {r.sizes.before !== null ? (
                  <li>
                    Before the change ({r.windows.before ?? "no days yet"}): {r.sizes.before}
                  </li>
                ) : null}
                {r.sizes.concurrent !== null ? <li>Same period, not in the change: {r.sizes.concurrent}</li> : null}
              </ul>
            ),
          },
        ]}
      />
      <p className="govuk-body waypoint-no-print">
        {canEdit ? (
          <>
            <Link className="govuk-link" to={`/trials/${t.id}/edit`}>
              Change the details
            </Link>{" "}
            ·{" "}
          </>
        ) : null}
        <Link className="govuk-link" to={`/trials/${t.id}/print`}>
          Printable summary
        </Link>{" "}
        ·{" "}
        <a className="govuk-link" href={`/trials/${t.id}/households.csv`} download>
          Download the anonymised household data (CSV)
        </a>
      </p>

      {r.comparisons.map((c) => (
        <ComparisonResults key={c.key} c={c} />
      ))}

      <h2 className="govuk-heading-l">Over time</h2>
      <Form method="get" className="waypoint-no-print">
        <Select
          name="measure"
          label="Measure to chart"
          defaultValue={r.weekly.measure}
          options={Object.entries(WEEKLY_MEASURES).map(([value, label]) => ({ value, label }))}
        />
        <Button secondary>Show</Button>
      </Form>
      <LineChart
        id="weekly"
        title={r.weekly.title}
        series={r.weekly.series}
        marker={r.weekly.marker}
        description={`${r.weekly.title}, week by week, for each group, with the week the change started marked.`}
        note="Each point is the households whose clock started that week. Shares count only households watched long enough, so the latest weeks have no point yet."
      />
    </>
  );
}
