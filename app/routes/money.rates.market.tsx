import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { addDays, formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { rateBenchmark } from "~/features/money/benchmark.server";
import { BackLink, SummaryList, Table } from "~/lib/components/govuk";

export const handle = { title: "Rates above the market" };

/** Rows shown on the page; the CSV has them all. */
const SHOWN = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  const day = today(request);
  const b = await rateBenchmark(await getDb(), day);
  return {
    dayLabel: formatDate(day),
    fromLabel: formatDate(addDays(day, -365)),
    lastLabel: formatDate(addDays(day, -1)),
    units: b.units,
    aboveCount: b.above.length,
    savingPence: b.savingPence,
    rows: b.above.slice(0, SHOWN),
    providers: b.byProvider.slice(0, 25),
    providerCount: b.byProvider.length,
  };
}

export default function RatesAboveMarket() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      <h1 className="govuk-heading-l">Rates above the market</h1>
      <p className="govuk-body">
        Each unit&apos;s rate on {d.dayLabel} (a weekly rate counted as a seventh a night) against the median rate of the units of the same
        type and number of bedrooms in the same district on that night, itself included. The saving is what bringing every rate above its
        median down to it would have saved on the nights the council paid for each unit from {d.fromLabel} to {d.lastLabel}: occupied
        nights, and empty nights of units paid for every night.
      </p>
      <p className="govuk-body" id="recorded-estimated">
        Recorded: the rates and the nights. The saving is worked out from them at last year&apos;s use; nothing here is estimated subsidy.
      </p>
      <SummaryList
        rows={[
          { key: "Units compared (in use, with a rate)", value: d.units.toLocaleString("en-GB") },
          { key: "Units above their market median", value: d.aboveCount.toLocaleString("en-GB") },
          { key: "Saving if each came down to its median (a year at last year's use)", value: formatPence(d.savingPence) },
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href="/money/rates/market.csv" download>
          Download every unit above the market (CSV)
        </a>
      </p>
      <Table
        caption={`Providers, by saving${d.providerCount > d.providers.length ? ` (the ${d.providers.length} largest of ${d.providerCount})` : ""}`}
        captionSize="m"
        rowKey={(p) => p.providerId}
        rows={d.providers}
        empty="No unit is above its market median."
        columns={[
          { header: "Provider", cell: (p) => p.providerName },
          { header: "Units above the median", cell: (p) => p.units.toLocaleString("en-GB"), numeric: true },
          { header: "Saving", cell: (p) => formatPence(p.savingPence), numeric: true },
        ]}
      />
      <Table
        caption={`Units to work through, by saving${d.aboveCount > d.rows.length ? ` (the ${d.rows.length} largest of ${d.aboveCount.toLocaleString("en-GB")}; the download has all)` : ""}`}
        captionSize="m"
        rowKey={(r) => r.unitId}
        rows={d.rows}
        empty="No unit is above its market median."
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
          { header: "Type", cell: (r) => `${r.taTypeName}, ${r.bedrooms} bed` },
          { header: "District", cell: (r) => r.district ?? "Not recorded" },
          { header: "Rate a night", cell: (r) => formatPence(r.nightlyPence), numeric: true },
          { header: "Market median", cell: (r) => `${formatPence(r.medianPence)} (${r.peers} units)`, numeric: true },
          { header: "Above by", cell: (r) => formatPence(r.abovePence), numeric: true },
          { header: "Nights paid", cell: (r) => r.paidNights.toLocaleString("en-GB"), numeric: true },
          { header: "Saving", cell: (r) => formatPence(r.savingPence), numeric: true },
        ]}
      />
    </>
  );
}
