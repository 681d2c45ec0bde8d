import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { keptForecast, monthsParam } from "~/features/forecast/scenarios.server";
import { FORECAST_CSV_HEADER, forecastCsvRows } from "~/features/forecast/views.server";

/** The forecast page's month-by-month figures: the same numbers, with the counts by type and bedrooms needed. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const day = today(request);
  const months = monthsParam(new URL(request.url));
  const { value: f } = await readForReport((db) => keptForecast(db, day, [], months, "baseline"));
  return csvResponse(`waypoint-forecast-${day}.csv`, toCsv(FORECAST_CSV_HEADER, forecastCsvRows(f)));
}
