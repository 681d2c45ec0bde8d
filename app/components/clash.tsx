/** An error summary whose clash message links to the clashing booking: the household, or the unit page. */
import { Link } from "@remix-run/react";
import { fieldId, type FieldErrors } from "~/components/govuk";

export interface ClashView { kind: "placement" | "out_of_service"; householdId?: number; caseRef?: string }

export function clashHref(clash: ClashView, unitId: number): string {
  return clash.kind === "placement" && clash.householdId ? `/households/${clash.householdId}` : `/stock/units/${unitId}`;
}

export function ClashLink({ clash, unitId }: { clash: ClashView; unitId: number }) {
  return (
    <Link className="govuk-link" to={clashHref(clash, unitId)}>
      {clash.kind === "placement" ? `View household ${clash.caseRef ?? ""}` : "View the out-of-service period on the unit's page"}
    </Link>
  );
}

/** Same markup as ErrorSummary, with a link to the clash after the message for `clashField`. */
export function ErrorSummaryWithClash({ errors, order, clash, clashField, unitId }: {
  errors: FieldErrors | undefined; order?: string[]; clash?: ClashView | null; clashField?: string; unitId?: number;
}) {
  if (!errors) return null;
  const keys = (order ?? Object.keys(errors)).filter((k) => errors[k]);
  for (const k of Object.keys(errors)) if (errors[k] && !keys.includes(k)) keys.push(k);
  if (keys.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {keys.map((k) => (
              <li key={k}>
                <a href={k.startsWith("_") ? "#main-content" : `#${fieldId(k)}`}>{errors[k]}</a>
                {clash && unitId && k === clashField ? <> (<ClashLink clash={clash} unitId={unitId} />)</> : null}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
