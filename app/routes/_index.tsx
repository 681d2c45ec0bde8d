import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
  if (r.href === householdPage || can(role, "edit:households")) return r;
  return { ...r, href: householdPage, linkText: `View ${r.caseRef}` };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const day = today(request);
  // Kept until any data changes: every officer opens this page, and it counts every
  // household in TA (docs/decisions/0017-results-kept-until-data-changes.md).
  const { counts, lists } = await keptUntilDataChanges(db, `today:${day}`, async () => {
    const [counts, lists] = await Promise.all([inTaOn(db, day), todayLists(db, day)]);
    return { counts, lists };
  });
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
  return { user: { name: user.name }, dayLabel: formatDate(day), counts, lists: cut };
}

function List({
  id,
  title,
  list: { rows, total: n, whole },
  empty,
}: {
  id: string;
  title: string;
  list: TodayList & { whole: boolean };
  empty: string;
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
            ]}
          />
          {n > rows.length ? (
            <p className="govuk-body-s">
              Showing the first {rows.length} of {n}.
              {whole ? (
                <>
                  {" "}
                  <Link className="govuk-link" to={`?show=${id}#${id}`}>
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
  const { user, dayLabel, counts, lists: l } = useLoaderData<typeof loader>();
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

      <h2 className="govuk-heading-m">Breaches and warnings</h2>
      <p className="govuk-body">
        {problems === 0
          ? "No breaches of the law today."
          : `${problems} ${problems === 1 ? "breach needs" : "breaches need"} action today.`}
      </p>
      <List id="breaches" title="Families in B&B past the six-week limit" list={l.breaches} empty="No family is in B&B past day 42." />
      <List id="under18" title="16 or 17 year old applicants in B&B" list={l.under18} empty="No 16 or 17 year old applicant is in B&B." />
      <List id="warnings" title="Families in B&B from day 35" list={l.warnings} empty="No family is in B&B between day 35 and day 42." />
      <List id="notices" title="Notices to receiving councils overdue (s208)" list={l.notices} empty="No s208 notice is overdue." />
      <List id="reviews" title="Suitability review decisions overdue (s202)" list={l.reviews} empty="No review decision is overdue." />
      <List id="move-on" title="Move-on plans past their target date" list={l.moveOn} empty="No move-on plan is past its target date." />

      <h2 className="govuk-heading-m">Arrivals and departures</h2>
      <List id="arrivals" title="Arrivals (placements starting)" list={l.arrivals} empty="No arrivals due today." />
      <List id="departures" title="Departures (placements ending)" list={l.departures} empty="No departures due today." />

      <h2 className="govuk-heading-m">Awaiting a placement</h2>
      <List
        id="awaiting"
        title="Households owed a duty with no accommodation secured"
        list={l.awaiting}
        empty="No household is awaiting a placement."
      />
    </>
  );
}
