import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { penceToPounds2dp } from "~/features/money/money";
import { rateBenchmark } from "~/features/money/benchmark.server";

/** Every unit above its market median, as on /money/rates/market (the same rows, all of them). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  const day = today(request);
  const b = await rateBenchmark(await getDb(), day);
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
      ]),
    ),
  );
}
