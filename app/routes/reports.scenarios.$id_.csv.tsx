import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { getScenario, monthsParam, scenarioResult } from "~/features/forecast/scenarios.server";
import { SCENARIO_CSV_HEADER, scenarioCsvRows } from "~/features/forecast/views.server";

/** The scenario page's month-by-month table, with the baseline beside it: the same figures. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const day = today(request);
  const s = await getScenario(await getDb(), parseId(params.id));
  const {
    value: { base, result },
  } = await readForReport((db) => scenarioResult(db, day, s, monthsParam(new URL(request.url))));
  return csvResponse(`waypoint-scenario-${s.id}-${day}.csv`, toCsv(SCENARIO_CSV_HEADER, scenarioCsvRows(s.name, base, result)));
}
