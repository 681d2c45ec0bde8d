/**
 * CSV downloads of the report pages (the same rows the page shows) and of the
 * named report exports (the same as `waypoint export <name>`).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb, getReadDb } from "~/lib/db/app.server";
import { readForReport } from "~/lib/db/read-copy.server";
import type { Conn } from "~/lib/db/connect";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { asOfParam, intervalParam, losSplitParam, occupancyGroupParam, periodParams } from "~/features/reports/report-params.server";
import { flowPage, lengthOfStayPage, occupancyPage, statutoryPage, type CsvTable } from "~/features/reports/report-pages.server";
import { getExport, recordPersonalExport } from "~/features/exports.server";
import { can } from "~/lib/permissions";

const REPORT_EXPORTS = ["ta1", "ta2", "occupancy", "length-of-stay", "flow", "statutory-extract"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const url = new URL(request.url);
  const day = today(request);
  // Every CSV download ends in .csv: /reports/csv/<name>.csv
  const file = params.file ?? "";
  if (!file.endsWith(".csv")) throw new Response("Not Found", { status: 404 });
  const name = file.slice(0, -".csv".length);
  const bad = (errors: Record<string, string>) =>
    new Response(`${Object.values(errors).join("\n")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const send = (t: CsvTable) => csvResponse(t.filename, toCsv(t.header, t.rows));
  // The page's own reads, on the read-only copy when there is one (ADR 0029), as the page reads them.
  const read = async <T>(fn: (db: Conn) => Promise<T>) => (await readForReport(fn)).value;
  switch (name) {
    case "occupancy-page": {
      const p = periodParams(url, day);
      if (Object.keys(p.errors).length) return bad(p.errors);
      return send((await read((db) => occupancyPage(db, { from: p.from, to: p.to, group: occupancyGroupParam(url) }))).csv);
    }
    case "length-of-stay-page": {
      const p = asOfParam(url, day);
      if (Object.keys(p.errors).length) return bad(p.errors);
      return send((await read((db) => lengthOfStayPage(db, { asOf: p.asOf, split: losSplitParam(url) }))).csv);
    }
    case "flow-page":
    case "exit-destinations": {
      const p = periodParams(url, day);
      if (Object.keys(p.errors).length) return bad(p.errors);
      const f = await read((db) => flowPage(db, { from: p.from, to: p.to, interval: intervalParam(url) }));
      return send(name === "flow-page" ? f.csv : f.destinationsCsv);
    }
    case "ta1-page":
    case "ta2-page": {
      const p = asOfParam(url, day, true);
      if (Object.keys(p.errors).length) return bad(p.errors);
      const s = await read((db) => statutoryPage(db, { asOf: p.asOf }));
      return send(name === "ta1-page" ? s.ta1Csv : s.ta2Csv);
    }
  }
  const e = REPORT_EXPORTS.includes(name) ? getExport(name) : undefined;
  if (!e) throw new Response("Not Found", { status: 404 });
  if (e.permission && !can(user.role, e.permission)) throw new Response("You do not have permission to do this", { status: 403 });
  const errors: Record<string, string> = {};
  const asOf = e.params.includes("asOf") ? asOfParam(url, day, true) : null;
  const period = e.params.includes("from") ? periodParams(url, day) : null;
  Object.assign(errors, asOf?.errors ?? {}, period?.errors ?? {});
  if (Object.keys(errors).length) return bad(errors);
  const filename = `${name}-${asOf ? asOf.asOf : `${period!.from}-to-${period!.to}`}.csv`;
  // Who downloaded personal data is recorded on the live database, as from /exports.
  await recordPersonalExport(await getDb(), user.id, e, { asOf: asOf?.asOf, from: period?.from, to: period?.to });
  // Streamed after the loader returns, so not in a snapshot: the copy's pool, as `waypoint export` reads its database.
  return csvResponse(filename, e.run(await getReadDb(), { today: day, asOf: asOf?.asOf, from: period?.from, to: period?.to }));
}
