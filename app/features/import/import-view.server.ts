/** What the import page shows for an upload: state, progress, counts and one page of problems. */
import { IMPORT_FILE_KINDS, IMPORT_TEMPLATE } from "~/features/import/template";
import type { UploadView } from "~/features/import/import-uploads.server";

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** The page of problems is the one getUpload was asked for. */
export function importPageView(u: UploadView) {
  const r = u.result;
  const state =
    u.status === "checking"
      ? "checking"
      : u.status === "importing"
        ? "importing"
        : u.status === "imported"
          ? "imported"
          : u.status === "failed" || !r
            ? "failed"
            : r.ok
              ? "checked_ok"
              : "checked_problems";
  const percent = u.bytesTotal > 0 ? Math.min(100, Math.floor((u.bytesDone / u.bytesTotal) * 100)) : 0;
  const counts = r?.counts
    ? IMPORT_FILE_KINDS.filter((k) => r.files.some((f) => f.kind === k)).map((k) => ({
        file: IMPORT_TEMPLATE[k].fileName,
        rows: r.files.find((f) => f.kind === k)!.records,
        ...r.counts![k],
      }))
    : null;
  return {
    id: u.id,
    state: state as "checking" | "importing" | "imported" | "failed" | "checked_ok" | "checked_problems",
    running: state === "checking" || state === "importing",
    phase: u.phase,
    percent,
    readText: `${mb(u.bytesDone)} of ${mb(u.bytesTotal)} read`,
    files: r?.files ?? [],
    rows: r?.rows ?? 0,
    warnings: r?.warnings ?? 0,
    warningsText: plural(r?.warnings ?? 0, "warning", "warnings"),
    errorsText: `${plural(r?.errors ?? 0, "error", "errors")} in ${plural(r?.files.length ?? 0, "file", "files")}`,
    omitted: (r?.files ?? []).reduce((n, f) => n + f.problemsOmitted, 0),
    counts,
    problems: u.problems,
    total: u.problemTotal,
    page: u.page,
    pages: u.pages,
    message: r?.message ?? "",
  };
}
