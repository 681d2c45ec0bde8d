import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { addDays, formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { emptyNow } from "~/features/money/void.server";
import { BackLink, SummaryList, Table } from "~/lib/components/govuk";

export const handle = { title: "Rooms paid for but empty" };

const SHOWN = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  const day = today(request);
  const rows = await emptyNow(await getDb(), day);
  return {
    lastNight: formatDate(addDays(day, -1)),
    count: rows.length,
    over28: rows.filter((r) => r.nights > 28).length,
    pence: rows.reduce((s, r) => s + r.pence, 0),
    rows: rows.slice(0, SHOWN).map((r) => ({ ...r, since: formatDate(r.emptySince) })),
  };
}

export default function Voids() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      <h1 className="govuk-heading-l">Rooms paid for but empty</h1>
      <p className="govuk-body">
        Units paid for every night (a lease or block booking) with nobody placed on the night of {d.lastNight}, longest empty first: where
        to start an occupancy audit. Each is empty since its last stay ended, or since it came into use; the cost is its rate on those
        nights.
      </p>
      <p className="govuk-body" id="recorded-estimated">
        Recorded: the units, their rates and placements. Nothing here is estimated.
      </p>
      <SummaryList
        rows={[
          { key: `Empty on ${d.lastNight}`, value: d.count.toLocaleString("en-GB") },
          { key: "Of those, empty for more than 28 nights", value: d.over28.toLocaleString("en-GB") },
          { key: "Paid for their current empty nights", value: formatPence(d.pence) },
        ]}
      />
      <Table
        caption={`Units paid for but empty${d.count > d.rows.length ? ` (the ${d.rows.length} longest of ${d.count})` : ""}`}
        rowKey={(r) => r.unitId}
        rows={d.rows}
        empty="Every unit paid for every night was occupied."
        columns={[
          {
            header: "Unit",
            cell: (r) => (
              <Link className="govuk-link" to={`/money/units/${r.unitId}`}>
                {r.unitRef}
              </Link>
            ),
          },
          { header: "Provider", cell: (r) => r.providerName },
          { header: "Type", cell: (r) => r.taTypeName },
          { header: "Empty since", cell: (r) => r.since },
          { header: "Nights", cell: (r) => r.nights.toLocaleString("en-GB"), numeric: true },
          { header: "Paid for them", cell: (r) => formatPence(r.pence), numeric: true },
        ]}
      />
    </>
  );
}
