import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { listScenarios, monthsParam } from "~/features/forecast/scenarios.server";
import { comparePage } from "~/features/forecast/scenario-page.server";
import { DataTable } from "~/features/forecast/components";
import { ReadCopyNotice } from "~/features/reports/components";

export const handle = { title: "Scenarios side by side" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const url = new URL(request.url);
  const ids = [...new Set(url.searchParams.getAll("id").map(Number))].filter((n) => Number.isSafeInteger(n) && n > 0).slice(0, 6);
  // In the order they were made, oldest first; from the live database, their figures from the copy.
  const scenarios = (await listScenarios(await getDb(), ids)).sort((a, b) => a.id - b.id);
  if (scenarios.length === 0) return { page: null, copy: null };
  const { value: page, copy } = await readForReport((db) => comparePage(db, today(request), scenarios, monthsParam(url)));
  return { page, copy };
}

export default function Compare() {
  const { page, copy } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/reports/scenarios" className="govuk-back-link waypoint-no-print">
        Scenarios
      </Link>
      <h1 className="govuk-heading-l">Scenarios side by side</h1>
      <ReadCopyNotice copy={copy} />
      {!page ? (
        <p className="govuk-body">
          Choose the scenarios to compare on the <Link to="/reports/scenarios">list of scenarios</Link>.
        </p>
      ) : (
        <>
          <p className="govuk-body">Each against the baseline forecast from the data up to {page.origin}.</p>
          <dl className="govuk-summary-list">
            {page.scenarios.map((s) => (
              <div className="govuk-summary-list__row" key={s.id}>
                <dt className="govuk-summary-list__key">
                  <Link className="govuk-link" to={`/reports/scenarios/${s.id}`}>
                    {s.name}
                  </Link>
                </dt>
                <dd className="govuk-summary-list__value">{s.changes.join("; ")}</dd>
              </div>
            ))}
          </dl>
          {page.summary.map((t) => (
            <DataTable
              key={t.months}
              caption={`Over the first ${t.months} months`}
              head={t.head}
              rows={t.rows}
              label={`Totals over ${t.months} months`}
            />
          ))}
          <h2 className="govuk-heading-m">Month by month</h2>
          <DataTable
            caption="Families in B&B and net cost, month by month"
            head={page.monthly.head}
            rows={page.monthly.rows}
            label="Month by month"
          />
        </>
      )}
    </>
  );
}
