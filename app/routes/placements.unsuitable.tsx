import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { unsuitablePlacements } from "~/features/placements/placements.server";
import { Table } from "~/lib/components/govuk";
import { formatDate } from "~/lib/dates";
import { PLACEMENT_DECISIONS } from "~/lib/vocabulary";
import { suitabilityReasonWords } from "~/features/placements/suitability";

export const handle = { title: "Placements in units that did not suit the household" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:households");
  const rows = await unsuitablePlacements(await getDb());
  return {
    rows: rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      caseRef: r.case_ref,
      unit: r.unit_ref,
      dates: `${formatDate(r.start_date)}${r.end_date ? ` to ${formatDate(r.end_date)}` : ""}`,
      unsuitable: (r.unsuitable_reasons ?? []).map((c) => suitabilityReasonWords(c)).join("; "),
      decision: r.decision_reason ? PLACEMENT_DECISIONS[r.decision_reason] : "",
      note: r.decision_note ?? "",
      by: r.placed_by ?? "",
    })),
  };
}

export default function UnsuitablePlacements() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Placements in units that did not suit the household</h1>
      <p className="govuk-body">
        Every placement an officer made in a unit that find a unit warned about (B&amp;B for a family or a 16 or 17 year old, too few
        bedrooms, not step-free when needed, an expired certificate, or marked do not use), with the reason they recorded. Newest first;
        cancelled bookings are left out.
      </p>
      <Table
        caption={`${rows.length} ${rows.length === 1 ? "placement" : "placements"}`}
        rows={rows}
        rowKey={(r) => r.id}
        empty="No placement has been made in a unit that did not suit the household."
        columns={[
          {
            header: "Household",
            cell: (r) => (
              <Link className="govuk-link" to={`/households/${r.householdId}`}>
                {r.caseRef}
              </Link>
            ),
          },
          { header: "Unit", cell: (r) => r.unit },
          { header: "Dates", cell: (r) => r.dates },
          { header: "Did not suit", cell: (r) => r.unsuitable },
          { header: "Why placed there", cell: (r) => r.decision },
          { header: "More", cell: (r) => r.note },
          { header: "Placed by", cell: (r) => r.by },
        ]}
      />
    </>
  );
}
