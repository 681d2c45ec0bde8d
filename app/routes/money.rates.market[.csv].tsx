import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { penceToPounds2dp } from "~/features/money/money";
import { rateBenchmark } from "~/features/money/benchmark.server";
import { allDistricts } from "~/features/admin/districts.server";

/** Every unit above its market median, as on /money/rates/market (the same rows, all of them). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  const day = today(request);
  const db = await getDb();
  const b = await rateBenchmark(db, day);
  // The district's name beside its code (issue 20, item 4): a column added at the end, so scripts reading by position still work.
  const names = new Map((await allDistricts(db)).map((d) => [d.gss, d.name]));
  return csvResponse(
    `waypoint-rates-above-market-${day}.csv`,
    toCsv(
      [
        "unit_ref",
        "provider",
        "ta_type",
        "bedrooms",
        "district_gss",
        "nightly_rate",
        "market_median",
        "peer_units",
        "above_by",
        "paid_nights_last_365",
        "saving",
        "district_name",
      ],
      b.above.map((r) => [
        r.unitRef,
        r.providerName,
        r.taType,
        r.bedrooms,
        r.district ?? "",
        penceToPounds2dp(r.nightlyPence),
        penceToPounds2dp(r.medianPence),
        r.peers,
        penceToPounds2dp(r.abovePence),
        r.paidNights,
        penceToPounds2dp(r.savingPence),
        (r.district && names.get(r.district)) ?? "",
      ]),
    ),
  );
}
