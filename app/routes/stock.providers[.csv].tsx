import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { penceToPounds2dp } from "~/features/money/money";
import { providerFigures } from "~/features/standards/provider-record.server";

/** Every provider's record on today's date: the figures of the provider page, one row each (issue 21). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  const day = today(request);
  const rows = await providerFigures(await getDb(), day);
  return csvResponse(
    `waypoint-providers-record-${day}.csv`,
    toCsv(
      [
        "provider",
        "provider_type",
        "properties",
        "units_in_use",
        "grade_a",
        "grade_b",
        "grade_c",
        "grade_d",
        "grade_e",
        "not_inspected",
        "do_not_use",
        "certificate_expired",
        "free_tonight",
        "void_now",
        "longest_void_nights",
        "rated_units",
        "above_market_units",
        "above_market_saving",
        "disputed_invoices",
        "complaints_12m",
        "complaints_upheld_12m",
        "complaints_open",
        "last_check_on",
        "last_check_outcome",
        "next_check_due",
        "as_of",
      ],
      rows.map((r) => [
        r.name,
        r.provider_type,
        r.properties,
        r.units_in_use,
        r.grade_a,
        r.grade_b,
        r.grade_c,
        r.grade_d,
        r.grade_e,
        r.not_inspected,
        r.do_not_use,
        r.certificate_expired,
        r.free_tonight,
        r.void_now,
        r.longest_void_nights ?? "",
        r.rated_units,
        r.above_market_units,
        penceToPounds2dp(r.above_market_saving_pence),
        r.disputed_invoices,
        r.complaints_12m,
        r.complaints_upheld_12m,
        r.complaints_open,
        r.last_check_on ?? "",
        r.last_check_outcome ?? "",
        r.next_check_due ?? "",
        day,
      ]),
    ),
  );
}
