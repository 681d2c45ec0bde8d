import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { getExport, recordPersonalExport } from "~/features/exports.server";
import { csvResponse } from "~/lib/csv.server";
import { exportParams } from "~/lib/export-request.server";

/** /exports/<name>.csv: the same CSV as `waypoint export <name>`, streamed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const m = /^([a-z0-9_-]+)\.csv$/.exec(params.file ?? "");
  const e = m ? getExport(m[1]) : undefined;
  if (!e) throw new Response("There is no such export", { status: 404 });
  if (!can(user.role, e.permission ?? "view:reports")) throw new Response("You do not have permission to do this", { status: 403 });
  const p = exportParams(e, new URL(request.url).searchParams, today(request));
  if (!p.ok) throw new Response(p.message, { status: 400 });
  const db = await getDb();
  await recordPersonalExport(db, user.id, e, p.params);
  return csvResponse(`${e.name}.csv`, e.run(db, p.params));
}
