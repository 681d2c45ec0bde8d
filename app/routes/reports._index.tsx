import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { can } from "~/lib/permissions";
import { today } from "~/lib/clock.server";
import { quarterEndOnOrBefore, formatDate } from "~/lib/dates";

export const handle = { title: "Reports" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const day = today(request);
  const quarterEnd = quarterEndOnOrBefore(day);
  return {
    quarterEnd,
    quarterEndLabel: formatDate(quarterEnd),
    todayLabel: formatDate(day),
    seesAuditLog: can(user.role, "view:audit-log"),
  };
}

export default function Reports() {
  const { quarterEndLabel, seesAuditLog } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Reports</h1>
      <p className="govuk-body">
        Each report takes a date or a period, so it can be reproduced for any past date, and downloads as CSV with the same numbers as the
        page.
      </p>
      <ul className="govuk-list govuk-list--spaced">
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/reports/occupancy">
            Occupancy
          </Link>
          <br />
          Available, occupied and void unit-nights and the occupancy rate, by TA type, provider, property, district or area.
        </li>
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/reports/length-of-stay">
            Length of stay
          </Link>
          <br />
          How long households stay in TA, per episode, with households still in TA counted properly (Kaplan-Meier).
        </li>
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/reports/flow">
            Flow
          </Link>
          <br />
          Entries, exits and transfers per week or month, where households went, and the number in TA over time.
        </li>
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/reports/forecast">
            Forecast of households in TA
          </Link>
          <br />
          The next 12 or 24 months by bedrooms needed and type of accommodation, with intervals, cost against the budget, and how good past
          forecasts were.
        </li>
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/reports/scenarios">
            Scenarios
          </Link>
          <br />
          What adding or removing units, ending or renegotiating a provider&apos;s rates, or a change in length of stay would do, month by
          month against the forecast; saved, compared side by side, downloaded and printed.
        </li>
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/reports/statutory">
            Statutory counts (TA1 and TA2)
          </Link>
          <br />
          The quarterly counts as at any quarter end (the last is {quarterEndLabel}), and a placement-level extract with case references.
        </li>
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/placements/unsuitable">
            Placements in units that did not suit the household
          </Link>
          <br />
          B&amp;B for families and 16 or 17 year olds, too few bedrooms, not step-free: each with the reason the officer recorded.
        </li>
        <li>
          <Link className="govuk-link govuk-!-font-weight-bold" to="/reports/data-quality">
            Data quality before a return
          </Link>
          <br />
          Every problem that would make a return or a figure wrong (no date of birth, no lead applicant, no destination, the same person in
          two households), with a link to fix each.
        </li>
        {seesAuditLog ? (
          <li>
            <Link className="govuk-link govuk-!-font-weight-bold" to="/audit">
              Every change
            </Link>
            <br />
            Who changed what and when, across the whole council: casework, stock, money, returns and settings.
          </li>
        ) : null}
      </ul>
    </>
  );
}
