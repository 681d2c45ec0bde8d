import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { searchHouseholds } from "~/features/households/households.server";
import { ButtonLink, Pagination, Table, Tag } from "~/lib/components/govuk";
import { can } from "~/lib/permissions";
import { DUTIES } from "~/lib/vocabulary";
import { searchParamsSchema } from "~/lib/list-params.server";

export const handle = { title: "Households" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:households");
  const params = searchParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const { q, page } = params.success ? params.data : { q: "", page: 1 };
  const result = await searchHouseholds(await getDb(), { q, page }, today(request));
  return { q, page, ...result, canRegister: can(user.role, "edit:households") };
}

export default function Households() {
  const { q, page, pages, total, more, rows, canRegister, problem } = useLoaderData<typeof loader>();
  return (
    <>
      {problem ? (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                <li>
                  <a href="#q">{problem}</a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">Households</h1>
      {canRegister ? <ButtonLink to="/households/new">Register a household</ButtonLink> : null}
      <Form method="get" role="search" className="govuk-!-margin-bottom-6">
        <div className={`govuk-form-group${problem ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="q">
            Search by name, case reference or date of birth
          </label>
          <div id="q-hint" className="govuk-hint">
            For a date of birth, use the format 27/03/2014 or 2014-03-27
          </div>
          {problem ? (
            <p id="q-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {problem}
            </p>
          ) : null}
          <input
            className={`govuk-input govuk-!-width-one-half${problem ? " govuk-input--error" : ""}`}
            id="q"
            name="q"
            type="search"
            defaultValue={q}
            aria-describedby={problem ? "q-hint q-error" : "q-hint"}
          />{" "}
          <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
            Search
          </button>
        </div>
      </Form>
      <p className="govuk-body">
        {more
          ? `More than ${total.toLocaleString("en-GB")} households`
          : `${total.toLocaleString("en-GB")} ${total === 1 ? "household" : "households"}`}
        {q ? (
          <>
            {" "}
            matching <strong>{q}</strong>
          </>
        ) : null}
        {more ? ". Add to your search to narrow it down" : null}
      </p>
      <Table
        caption={q ? "Search results" : "Most recently registered"}
        captionSize="s"
        rowKey={(r) => r.id}
        rows={rows}
        empty="No households match. Check the spelling, or search by case reference."
        columns={[
          {
            header: "Case reference",
            cell: (r) => (
              <Link className="govuk-link" to={`/households/${r.id}`}>
                {r.case_ref}
              </Link>
            ),
          },
          { header: "Lead applicant", cell: (r) => r.lead_name ?? "Not recorded" },
          { header: "People", cell: (r) => r.members, numeric: true },
          { header: "Duty", cell: (r) => DUTIES[r.duty] },
          {
            header: "Tonight",
            cell: (r) =>
              r.current_unit ? (
                r.current_unit
              ) : r.awaiting_since ? (
                <Tag colour="orange">Awaiting a placement</Tag>
              ) : (
                <Tag colour="grey">Not in TA</Tag>
              ),
          },
        ]}
      />
      <Pagination page={page} pages={pages} href={(p) => `?${new URLSearchParams({ q, page: String(p) })}`} />
    </>
  );
}
