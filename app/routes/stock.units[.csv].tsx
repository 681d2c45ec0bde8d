import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { searchStock, stockFilterSchema } from "~/features/stock/stock-search.server";
import { allDistricts } from "~/features/admin/districts.server";

/** The units the stock page's filters select, every one, with each filter's figure as a column (issue 21, item 4). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  const f = stockFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const day = today(request);
  const db = await getDb();
  const { rows } = await searchStock(db, f, day, null);
  // The district's name beside its code (issue 20, item 4): a column added at the end, so scripts reading by position still work.
  const names = new Map((await allDistricts(db)).map((d) => [d.gss, d.name]));
  const yn = (b: boolean) => (b ? "yes" : "no");
  return csvResponse(
    `waypoint-stock-${day}.csv`,
    toCsv(
      [
        "unit_ref",
        "property",
        "provider",
        "ta_type",
        "bedrooms",
        "max_occupants",
        "step_free",
        "district_gss",
        "out_of_district",
        "retired_on",
        "in_use",
        "free_tonight",
        "void_now",
        "void_since",
        "void_nights",
        "grade",
        "do_not_use",
        "certificate_expired",
        "reasons",
        "as_of",
        "district_name",
      ],
      rows.map((r) => [
        r.unit_ref,
        r.property_name,
        r.provider_name,
        r.ta_type_code,
        r.bedrooms,
        r.max_occupants,
        yn(r.step_free),
        r.district_gss,
        yn(r.out_of_district),
        r.retired_on ?? "",
        yn(r.in_use),
        yn(r.free_tonight),
        yn(r.in_use && !r.booked),
        r.in_use && !r.booked ? (r.void_since ?? "") : "",
        r.in_use && !r.booked ? (r.void_nights ?? "") : "",
        r.grade ?? "",
        yn(r.do_not_use.length > 0),
        yn(r.expired.length > 0),
        [...r.do_not_use, ...r.expired].join(" "),
        day,
        names.get(r.district_gss) ?? "",
      ]),
    ),
  );
}
