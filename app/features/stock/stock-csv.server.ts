/**
 * The stock CSV (`/stock/units.csv`, issue 21, item 4): every unit the stock page's filters
 * select, with each filter's figure as a column. Columns are only ever added at the end.
 */
import { toCsv } from "~/lib/csv.server";
import type { IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";
import { searchStock, type StockFilters } from "~/features/stock/stock-search.server";
import { allDistricts } from "~/features/admin/districts.server";

export async function stockUnitsCsv(db: Conn, f: StockFilters, day: IsoDate): Promise<string> {
  const { rows } = await searchStock(db, f, day, null);
  // The district's name beside its code (issue 20, item 4): a column added at the end, so scripts reading by position still work.
  const names = new Map((await allDistricts(db)).map((d) => [d.gss, d.name]));
  const yn = (b: boolean) => (b ? "yes" : "no");
  return toCsv(
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
  );
}
