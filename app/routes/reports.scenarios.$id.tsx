import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { Select } from "~/lib/components/govuk";
import { ReadCopyNotice, ReportFilters } from "~/features/reports/components";
import { MethodNote, ScenarioBody } from "~/features/forecast/components";
import { getScenario, monthsParam } from "~/features/forecast/scenarios.server";
import { scenarioPage } from "~/features/forecast/scenario-page.server";

export const handle = { title: (d: { scenario?: { name: string } }) => (d?.scenario ? `Scenario: ${d.scenario.name}` : "Scenario") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  // The scenario from the live database (just saved, it may not have reached the copy); its figures from the copy.
  const s = await getScenario(await getDb(), parseId(params.id));
  const { value, copy } = await readForReport((db) => scenarioPage(db, today(request), s, monthsParam(new URL(request.url))));
  return { ...value, copy };
}

export default function ScenarioView() {
  const d = useLoaderData<typeof loader>();
  const q = `months=${d.months}`;
  return (
    <>
      <Link to="/reports/scenarios" className="govuk-back-link waypoint-no-print">
        Scenarios
      </Link>
      <span className="govuk-caption-l">Scenario</span>
      <h1 className="govuk-heading-l">{d.scenario.name}</h1>
      <ReadCopyNotice copy={d.copy} />
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
      <ul className="govuk-list waypoint-no-print">
        <li>
          <a className="govuk-link" href={`/reports/scenarios/${d.scenario.id}/csv?${q}`} download>
            Download month by month (CSV)
          </a>
        </li>
        <li>
          <Link className="govuk-link" to={`/reports/scenarios/${d.scenario.id}/print?${q}`}>
            Printable version for a committee paper
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/reports/forecast">
            The baseline forecast and how good past forecasts were
          </Link>
        </li>
      </ul>
      <ScenarioBody d={d} />
      <MethodNote m={d.method} />
    </>
  );
}
