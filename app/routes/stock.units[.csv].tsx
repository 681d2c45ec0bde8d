import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse } from "~/lib/csv.server";
import { stockFilterSchema } from "~/features/stock/stock-search.server";
import { stockUnitsCsv } from "~/features/stock/stock-csv.server";

/** The units the stock page's filters select, every one, with each filter's figure as a column (issue 21, item 4). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  const f = stockFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const day = today(request);
  return csvResponse(`waypoint-stock-${day}.csv`, await stockUnitsCsv(await getDb(), f, day));
}
