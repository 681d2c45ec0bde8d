import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { can } from "~/lib/permissions";
import { allExports } from "~/features/exports.server";
import { exportParamLabel, exportQueryName } from "~/lib/export-request.server";

export const handle = { title: "Download data" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    exports: allExports()
      .filter((e) => can(user.role, e.permission ?? "view:reports"))
      .map((e) => ({
        name: e.name,
        description: e.description,
        params: e.params.map((p) => ({ name: exportQueryName(p), label: exportParamLabel(p) })),
      })),
  };
}

export default function Exports() {
  const { exports } = useLoaderData<typeof loader>();
  const history = exports.find((e) => e.name === "history");
  return (
    <>
      <h1 className="govuk-heading-l">Download data</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Each download is a CSV file, the same as <code>npx waypoint export &lt;name&gt;</code> gives. The files named after the import
            template (providers, units, unit_rates, households, members, placements) import back into Waypoint as they are.
          </p>
          {history ? (
            <p className="govuk-body">
              <a className="govuk-link" href="/exports/history.csv" download>
                Download every household and its placement history in one file
              </a>
              : your data, to keep or take with you.
            </p>
          ) : null}
        </div>
      </div>
      <dl className="govuk-summary-list">
        {exports.map((e) => (
          <div className="govuk-summary-list__row" key={e.name}>
            <dt className="govuk-summary-list__key">
              <code>{e.name}</code>
            </dt>
            <dd className="govuk-summary-list__value">{e.description}</dd>
            <dd className="govuk-summary-list__actions">
              {e.params.length === 0 ? (
                <a className="govuk-link" href={`/exports/${e.name}.csv`} download>
                  Download<span className="govuk-visually-hidden"> {e.name}.csv</span>
                </a>
              ) : (
                <form method="get" action={`/exports/${e.name}.csv`}>
                  {e.params.map((p) => (
                    <div className="govuk-form-group govuk-!-margin-bottom-2" key={p.name}>
                      <label className="govuk-label govuk-label--s" htmlFor={`${e.name}-${p.name}`}>
                        {p.label}
                        <span className="govuk-visually-hidden"> date for {e.name}</span>
                      </label>
                      <div id={`${e.name}-${p.name}-hint`} className="govuk-hint">
                        For example, 2026-03-31
                      </div>
                      <input
                        className="govuk-input govuk-input--width-10"
                        id={`${e.name}-${p.name}`}
                        name={p.name}
                        aria-describedby={`${e.name}-${p.name}-hint`}
                      />
                    </div>
                  ))}
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                    Download<span className="govuk-visually-hidden"> {e.name}.csv</span>
                  </button>
                </form>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
