import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { penceToPounds2dp } from "~/features/money/money";
import { financialYearStart } from "~/lib/dates";
import { budgetReport, budgetYears } from "~/features/money/budgets.server";

/** The budget table of /money/budgets for a year: the same rows. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  const day = today(request);
  const asked = Number(new URL(request.url).searchParams.get("year"));
  const year = budgetYears(day).includes(asked) ? asked : Number(financialYearStart(day).slice(0, 4));
  const lines = await budgetReport(await getDb(), day, year);
  const p = (v: number | null) => (v === null ? "" : penceToPounds2dp(v));
  return csvResponse(
    `waypoint-budgets-${year}-${day}.csv`,
    toCsv(
      ["financial_year", "ta_type", "provider", "cost_centre", "budget", "paid_to_date", "forecast", "variance"],
      lines.map((l) => [
        `${l.year}-${String((l.year + 1) % 100).padStart(2, "0")}`,
        l.taType,
        l.providerName ?? "",
        l.costCentre ?? "",
        p(l.budgetPence),
        p(l.toDatePence),
        p(l.forecastPence),
        p(l.variancePence),
      ]),
    ),
  );
}
