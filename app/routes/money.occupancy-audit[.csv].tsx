import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { can } from "~/lib/permissions";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { AUDIT_LISTS, auditCsv, auditParams, type AuditList } from "~/features/occupancy-audit/occupancy-audit.server";

/**
 * The occupancy audit's lists as CSV (?list=findings|voids|no-contact|invoices, with the
 * page's weeks and nights): the same rows as /money/occupancy-audit, all of them. The lists
 * naming households (case references) need export:personal-data.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const url = new URL(request.url);
  const list = url.searchParams.get("list") as AuditList | null;
  if (!list || !AUDIT_LISTS.includes(list)) throw new Response("Not Found", { status: 404 });
  if (list !== "voids" && !can(user.role, "export:personal-data")) throw new Response("Forbidden", { status: 403 });
  const day = today(request);
  const p = auditParams(url);
  const { header, rows } = await auditCsv(await getDb(), list, day, p);
  return csvResponse(`waypoint-occupancy-audit-${list}-${day}.csv`, toCsv(header, rows));
}
