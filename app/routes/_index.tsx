import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { sql } from "kysely";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { formatDate } from "~/lib/dates";
import { inTaOn } from "~/features/reports/headline.server";
import { LIST_LIMIT, todayLists, WHOLE_LISTS, type TodayList, type TodayRow } from "~/features/casework/today.server";
import { can } from "~/lib/permissions";
import type { Role } from "~/lib/vocabulary";
import { keptUntilDataChanges } from "~/lib/cache.server";
import { Table } from "~/lib/components/govuk";

export const handle = { title: "Today" };

/**
 * A row's action (send the notice, record a move-on plan, decide a review) is an edit page;
 * a reader who may not edit households gets the household's page instead of a link that answers 403.
 */
function usableLink(r: TodayRow, role: Role): TodayRow {
  const householdPage = `/households/${r.householdId}`;
  const row = can(role, "edit:placements") ? r : { ...r, next: undefined };
  if (row.href === householdPage || can(role, "edit:households")) return row;
  return { ...row, href: householdPage, linkText: `View ${r.caseRef}` };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const day = today(request);
  // An officer opens on their own cases (My cases), with a switch to the whole council.
  const url = new URL(request.url);
  const myCases =
    user.role === "officer"
      ? Number(
          (
            await db
              .selectFrom("households")
              .select(sql<string>`count(*)`.as("n"))
              .where("officer_id", "=", user.id)
              .executeTakeFirst()
          )?.n ?? 0,
        )
      : 0;
  const scope = myCases > 0 && url.searchParams.get("scope") !== "all" ? user.id : null;
  // Kept until any data changes: every officer opens this page, and it counts every
  // household in TA (docs/decisions/0017-results-kept-until-data-changes.md).
  const [counts, lists] = await Promise.all([
    keptUntilDataChanges(db, `today-counts:${day}`, () => inTaOn(db, day)),
    keptUntilDataChanges(db, `today-lists:${day}:${scope ?? "all"}`, () => todayLists(db, day, scope)),
  ]);
  // One list whole when asked for (?show=breaches); every other cut to its first rows.
  const show = new URL(request.url).searchParams.get("show");
  const cut = Object.fromEntries(
    Object.entries(lists).map(([id, l]: [string, TodayList]) => [
      id,
      {
        total: l.total,
        rows: (id === show ? l.rows : l.rows.slice(0, LIST_LIMIT)).map((r) => usableLink(r, user.role)),
        whole: (WHOLE_LISTS as readonly string[]).includes(id),
      },
    ]),
  ) as Record<keyof typeof lists, TodayList & { whole: boolean }>;
  return { user: { name: user.name }, dayLabel: formatDate(day), counts, lists: cut, myCases, mine: scope !== null };
}

function List({
  id,
  title,
  list: { rows, total: n, whole },
  empty,
  scopeAll,
}: {
  id: string;
  title: string;
  list: TodayList & { whole: boolean };
  empty: string;
  scopeAll?: boolean;
}) {
  return (
    <section aria-labelledby={id} className="govuk-!-margin-bottom-6">
      <h3 className="govuk-heading-s" id={id}>
        {title} ({n})
      </h3>
      {rows.length === 0 ? (
        <p className="govuk-body">{empty}</p>
      ) : (
        <>
          <Table
            caption={<span className="govuk-visually-hidden">{title}</span>}
            captionSize="s"
            rowKey={(r, i) => `${r.href}-${i}`}
            rows={rows}
            columns={[
              {
                header: "Household",
                cell: (r) => (
                  <Link className="govuk-link" to={r.href}>
                    {r.linkText}
                  </Link>
                ),
              },
              { header: "Lead applicant", cell: (r) => r.lead ?? "Not recorded" },
              { header: "Details", cell: (r) => r.detail },
              ...(rows.some((r) => r.next)
                ? [
                    {
                      header: "What to do",
                      cell: (r: TodayRow) =>
                        r.next ? (
                          <Link className="govuk-link" to={r.next.href}>
                            {r.next.text}
                          </Link>
                        ) : (
                          ""
                        ),
                    },
                  ]
                : []),
            ]}
          />
          {n > rows.length ? (
            <p className="govuk-body-s">
              Showing the first {rows.length} of {n}.
              {whole ? (
                <>
                  {" "}
                  <Link className="govuk-link" to={`?${scopeAll ? "scope=all&" : ""}show=${id}#${id}`}>
                    Show all {n}
                    <span className="govuk-visually-hidden"> {title.toLowerCase()}</span>
                  </Link>
                </>
              ) : null}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

export default function Today() {
  const { user, dayLabel, counts, lists: l, myCases, mine } = useLoaderData<typeof loader>();
  // "Show all" keeps the whole council in view when that is what is shown.
  const scopeAll = !mine && myCases > 0;
  const problems = l.breaches.total + l.under18.total + l.notices.total + l.reviews.total;
  return (
    <>
      <span className="govuk-caption-l">{dayLabel}</span>
      <h1 className="govuk-heading-l">Today</h1>
      <p className="govuk-body">Signed in as {user.name}.</p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body">
            <span className="govuk-heading-xl govuk-!-margin-bottom-1">{counts.households}</span>households in temporary accommodation
            tonight
          </p>
        </div>
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body">
            <span className="govuk-heading-xl govuk-!-margin-bottom-1">{counts.withChildren}</span>of them with children
          </p>
        </div>
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body">
            <span className="govuk-heading-xl govuk-!-margin-bottom-1">{counts.bnb}</span>in bed and breakfast
          </p>
        </div>
      </div>
      <p className="govuk-body">
        <Link className="govuk-link" to="/households">
          Find a household
        </Link>
      </p>

      {myCases > 0 ? (
        <nav aria-label="Whose cases" className="govuk-!-margin-bottom-6">
          <ul className="govuk-list waypoint-inline-list">
            <li>
              {mine ? (
                <strong aria-current="page">My cases ({myCases.toLocaleString("en-GB")})</strong>
              ) : (
                <Link className="govuk-link" to="/">
                  My cases ({myCases.toLocaleString("en-GB")})
                </Link>
              )}
            </li>
            <li>
              {mine ? (
                <Link className="govuk-link" to="/?scope=all">
                  The whole council
                </Link>
              ) : (
                <strong aria-current="page">The whole council</strong>
              )}
            </li>
          </ul>
          <p className="govuk-body-s">
            {mine
              ? "The lists below are your cases, most urgent first. The figures above are the whole council's."
              : "The lists below are every case in the council, most urgent first."}
          </p>
        </nav>
      ) : null}
      <h2 className="govuk-heading-m">Breaches and warnings</h2>
      <p className="govuk-body">
        {problems === 0
          ? "No breaches of the law today."
          : `${problems} ${problems === 1 ? "breach needs" : "breaches need"} action today.`}
      </p>
      <List
        scopeAll={scopeAll}
        id="breaches"
        title="Families in B&B past the six-week limit"
        list={l.breaches}
        empty="No family is in B&B past day 42."
      />
      <List
        scopeAll={scopeAll}
        id="under18"
        title="16 or 17 year old applicants in B&B"
        list={l.under18}
        empty="No 16 or 17 year old applicant is in B&B."
      />
      <List
        scopeAll={scopeAll}
        id="warnings"
        title="Families in B&B from day 35"
        list={l.warnings}
        empty="No family is in B&B between day 35 and day 42."
      />
      <List
        scopeAll={scopeAll}
        id="notices"
        title="Notices to receiving councils overdue (s208)"
        list={l.notices}
        empty="No s208 notice is overdue."
      />
      <List
        scopeAll={scopeAll}
        id="reviews"
        title="Suitability review decisions overdue (s202)"
        list={l.reviews}
        empty="No review decision is overdue."
      />
      <List
        scopeAll={scopeAll}
        id="move-on"
        title="Move-on plans past their target date"
        list={l.moveOn}
        empty="No move-on plan is past its target date."
      />

      <h2 className="govuk-heading-m">Arrivals and departures</h2>
      <List scopeAll={scopeAll} id="arrivals" title="Arrivals (placements starting)" list={l.arrivals} empty="No arrivals due today." />
      <List
        scopeAll={scopeAll}
        id="departures"
        title="Departures (placements ending)"
        list={l.departures}
        empty="No departures due today."
      />

      <h2 className="govuk-heading-m">Awaiting a placement</h2>
      <List
        scopeAll={scopeAll}
        id="awaiting"
        title="Households owed a duty with no accommodation secured"
        list={l.awaiting}
        empty="No household is awaiting a placement."
      />
    </>
  );
}
