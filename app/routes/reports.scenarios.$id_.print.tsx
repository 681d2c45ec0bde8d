import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { getSetting } from "~/lib/settings.server";
import { MethodNote, ScenarioBody } from "~/features/forecast/components";
import { ReadCopyNotice } from "~/features/reports/components";
import { getScenario, monthsParam } from "~/features/forecast/scenarios.server";
import { scenarioPage } from "~/features/forecast/scenario-page.server";

export const handle = {
  title: (d: { scenario?: { name: string } }) => (d?.scenario ? `Committee summary: ${d.scenario.name}` : "Summary"),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const db = await getDb();
  const s = await getScenario(db, parseId(params.id));
  const { value: page, copy } = await readForReport((read) => scenarioPage(read, today(request), s, monthsParam(new URL(request.url))));
  return { ...page, copy, council: (await getSetting<string>(db, "council_name")) ?? "" };
}

/** The scenario on pages a committee paper can carry: print it or save it as PDF. */
export default function ScenarioPrint() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="waypoint-scenario-print">
      <p className="govuk-body waypoint-no-print">
        <Link className="govuk-link" to={`/reports/scenarios/${d.scenario.id}?months=${d.months}`}>
          Back to the scenario
        </Link>
      </p>
      <span className="govuk-caption-m">
        {d.council} · temporary accommodation scenario · figures as at {d.origin}
      </span>
      <h1 className="govuk-heading-l">{d.scenario.name}</h1>
      <ReadCopyNotice copy={d.copy} />
      <ScenarioBody d={d} />
      <MethodNote m={d.method} />
    </article>
  );
}
