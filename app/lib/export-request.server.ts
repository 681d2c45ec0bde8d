/** Reading an export's dates from a download link, checked as the command line checks them. */
import type { CsvExport, ExportParams } from "~/lib/exports.server";
import { isIsoDate, type IsoDate } from "~/lib/dates";

const QUERY = { from: "from", to: "to", asOf: "as_of" } as const;
const LABEL = { from: "From", to: "To", asOf: "As at" } as const;

export function exportQueryName(p: keyof typeof QUERY) {
  return QUERY[p];
}
export function exportParamLabel(p: keyof typeof LABEL) {
  return LABEL[p];
}

export function exportParams(
  e: CsvExport,
  search: URLSearchParams,
  today: IsoDate,
): { ok: true; params: ExportParams } | { ok: false; message: string } {
  const params: ExportParams = { today };
  for (const p of e.params) {
    const raw = (search.get(QUERY[p]) ?? "").trim();
    if (raw === "") continue;
    if (!isIsoDate(raw)) return { ok: false, message: `${LABEL[p]} must be a real date written like 2026-03-31` };
    params[p] = raw;
  }
  if (params.from && params.to && params.from > params.to) return { ok: false, message: "From must be on or before To" };
  return { ok: true, params };
}
