/** Pieces shared by the report pages: the filter form and the download link. */
import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { ErrorSummary, type FieldErrors } from "~/lib/components/govuk";
import { copyNotice, type CopyState } from "~/lib/read-copy";

/** The report's filters; `values` (the dates shown) lets a date's error link to its first box. */
export function ReportFilters({
  errors,
  children,
  order,
  values,
}: {
  errors: FieldErrors;
  children: ReactNode;
  order?: string[];
  values?: object;
}) {
  return (
    <>
      <ErrorSummary errors={errors} order={order} values={values} />
      <Form method="get" className="waypoint-no-print waypoint-report-filters" aria-label="Filters">
        {children}
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Show the report
        </button>
      </Form>
    </>
  );
}

export function Download({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="govuk-body waypoint-no-print">
      <a className="govuk-link" href={to} download>
        {children}
      </a>
    </p>
  );
}

export function ReportBack() {
  return (
    <Link to="/reports" className="govuk-back-link waypoint-no-print">
      All reports
    </Link>
  );
}

export const num = (v: number | null | undefined) => (v === null || v === undefined ? "" : v.toLocaleString("en-GB"));
export const pct = (rate: number | null) => (rate === null ? "Not available" : `${(rate * 100).toFixed(1)}%`);
export const days = (v: number | null) => (v === null ? "Not reached" : `${(Math.round(v * 10) / 10).toLocaleString("en-GB")}`);

/** A query string for links (ISO dates, so a link reproduces the view); empty values are left out. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  return sp.toString();
}

/**
 * Where the figures came from, when it was the read-only copy of the database (ADR 0029):
 * how far behind the live one it was. Nothing when the page read the live database.
 */
export function ReadCopyNotice({ copy }: { copy: CopyState | null | undefined }) {
  if (!copy) return null;
  return (
    <div className="govuk-inset-text" data-read-copy={copy.upToDate ? "up-to-date" : "behind"}>
      {copyNotice(copy)}
    </div>
  );
}
