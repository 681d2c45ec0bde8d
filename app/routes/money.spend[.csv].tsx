import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { averageNightly, spendView, SPEND_VIEWS, type SpendView } from "~/features/money/spend.server";
import { penceToPounds2dp } from "~/features/money/money";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  const view = new URL(request.url).searchParams.get("view") ?? "month";
  if (!Object.prototype.hasOwnProperty.call(SPEND_VIEWS, view)) throw new Response("Not Found", { status: 404 });
  const day = today(request);
  const rows = await spendView(await getDb(), day, view as SpendView);
  const p = (v: number | null) => (v === null ? "" : penceToPounds2dp(v));
  return csvResponse(
    `waypoint-spend-${view}-${day}.csv`,
    toCsv(
      ["group", "label", "nights", "households", "gross", "subsidy", "net", "average_nightly_rate", "void_nights", "void_cost"],
      rows.map((r) => [
        r.key,
        r.label,
        r.nights,
        r.households,
        p(r.grossPence),
        p(r.subsidyPence),
        p(r.netPence),
        p(averageNightly(r)),
        r.voidNights,
        p(r.voidPence),
      ]),
    ),
  );
}
