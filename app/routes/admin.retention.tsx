/**
 * The retention dry run in the browser (issue 22, item 2; ADR 0038): the closed cases past the
 * council's retention period that `waypoint maintain --retention` would anonymise, and those
 * kept on legal hold. Changes nothing.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { formatDate } from "~/lib/dates";
import { recordView } from "~/lib/audit.server";
import { retentionDue } from "~/features/admin/retention.server";
import { Table } from "~/lib/components/govuk";

export const handle = { title: "Retention: closed cases due to be anonymised" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "manage:retention");
  const db = await getDb();
  const day = today(request);
  const { years, cases } = await retentionDue(db, day);
  await recordView(db, { userId: user.id, what: "export", detail: "retention dry run (case references)" });
  const row = (c: (typeof cases)[number]) => ({
    id: c.householdId,
    caseRef: c.caseRef,
    closedOn: formatDate(c.closedOn),
    members: c.members,
    mergedInto: c.mergedInto,
    hold: c.holdReason,
  });
  return {
    years,
    day: formatDate(day),
    due: cases.filter((c) => !c.onHold).map(row),
    held: cases.filter((c) => c.onHold && c.mergedInto === null).map(row),
  };
}

export default function RetentionDryRun() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Closed cases due to be anonymised</h1>
      <p className="govuk-body">
        A dry run on {d.day}: nothing has been changed. Closed cases are kept {d.years} {d.years === 1 ? "year" : "years"} after their last
        placement ended or their case closed (
        <Link className="govuk-link" to="/admin/settings">
          change the period
        </Link>
        ). The nightly <code>waypoint maintain --retention</code> then replaces the names with &ldquo;Anonymised&rdquo;, keeps only the year
        of each date of birth (or the day, where a figure depends on it), and removes contact details and notes. Every figure stays the
        same.
      </p>
      <Table
        caption={`Would be anonymised (${d.due.length})`}
        rowKey={(c) => c.id}
        rows={d.due}
        empty="No closed case is past the retention period."
        columns={[
          {
            header: "Case",
            cell: (c) => (
              <Link className="govuk-link" to={`/households/${c.id}`}>
                {c.caseRef}
              </Link>
            ),
          },
          { header: "Closed", cell: (c) => c.closedOn },
          { header: "Members", cell: (c) => c.members, numeric: true },
          { header: "Note", cell: (c) => (c.mergedInto ? `Merged into ${c.mergedInto}: anonymised with it` : "") },
        ]}
      />
      <Table
        caption={`Kept on legal hold (${d.held.length})`}
        rowKey={(c) => c.id}
        rows={d.held}
        empty="No case past the retention period is on legal hold."
        columns={[
          {
            header: "Case",
            cell: (c) => (
              <Link className="govuk-link" to={`/households/${c.id}`}>
                {c.caseRef}
              </Link>
            ),
          },
          { header: "Closed", cell: (c) => c.closedOn },
          { header: "Why it is kept", cell: (c) => c.hold ?? "" },
        ]}
      />
    </>
  );
}
