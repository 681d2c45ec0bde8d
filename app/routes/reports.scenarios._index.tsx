import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { ButtonLink } from "~/lib/components/govuk";
import { ReportBack } from "~/features/reports/components";
import { keptInputs, listScenarios } from "~/features/forecast/scenarios.server";
import { describeChange, namesFrom } from "~/features/forecast/views.server";

export const handle = { title: "Scenarios" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const db = await getDb();
  const [scenarios, inputs] = await Promise.all([listScenarios(db), keptInputs(db, today(request))]);
  const names = namesFrom(inputs);
  return {
    canMake: can(user.role, "edit:rates"),
    scenarios: scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      madeOn: formatDate(s.madeOn),
      by: s.createdBy,
      changes: s.changes.map((c) => describeChange(c, names)),
    })),
  };
}

export default function Scenarios() {
  const { canMake, scenarios } = useLoaderData<typeof loader>();
  return (
    <>
      <ReportBack />
      <h1 className="govuk-heading-l">Scenarios</h1>
      <p className="govuk-body">
        A scenario is a set of changes to supply, rates or length of stay, compared month by month with the{" "}
        <Link to="/reports/forecast">baseline forecast</Link>: households in TA, families in B&amp;B, six-week breaches, void nights, gross
        cost, estimated subsidy and net cost, against the budget.
      </p>
      {canMake ? <ButtonLink to="/reports/scenarios/new">Make a scenario</ButtonLink> : null}
      {scenarios.length === 0 ? (
        <p className="govuk-body">No scenarios yet.</p>
      ) : (
        <Form method="get" action="/reports/scenarios/compare">
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset" aria-describedby="compare-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                <h2 className="govuk-fieldset__heading">Saved scenarios</h2>
              </legend>
              <div id="compare-hint" className="govuk-hint">
                Choose two or more to compare side by side.
              </div>
              <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                {scenarios.map((s) => (
                  <div className="govuk-checkboxes__item" key={s.id}>
                    <input className="govuk-checkboxes__input" id={`id-${s.id}`} name="id" type="checkbox" value={s.id} />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`id-${s.id}`}>
                      {s.name}
                    </label>
                    <div className="govuk-hint govuk-checkboxes__hint">
                      {s.changes.join("; ")}. Made on {s.madeOn}
                      {s.by ? ` by ${s.by}` : ""}.{" "}
                      <Link className="govuk-link" to={`/reports/scenarios/${s.id}`}>
                        Open<span className="govuk-visually-hidden"> {s.name}</span>
                      </Link>
                    </div>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Compare side by side
          </button>
        </Form>
      )}
    </>
  );
}
