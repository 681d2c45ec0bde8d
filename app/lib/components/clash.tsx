/** An error summary whose clash message links to the clashing booking: the household, or the unit page. */
import { Link } from "@remix-run/react";
import { ErrorSummary, type FieldErrors } from "~/lib/components/govuk";
import type { IsoDate } from "~/lib/dates";

/** A booking of a unit (a placement or an out-of-service period) that a change would overlap. */
export interface Clash {
  kind: "placement" | "out_of_service";
  id: number;
  start: IsoDate;
  end: IsoDate | null;
  householdId?: number;
  caseRef?: string;
  reason?: string;
}

export interface ClashView {
  kind: "placement" | "out_of_service";
  householdId?: number;
  caseRef?: string;
}

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

/** The error summary, with a link to the clash after the message for `clashField`. */
export function ErrorSummaryWithClash({
  errors,
  order,
  clash,
  clashField,
  unitId,
  values,
}: {
  errors: FieldErrors | undefined;
  values?: object | null;
  order?: string[];
  clash?: ClashView | null;
  clashField?: string;
  unitId?: number;
}) {
  return (
    <ErrorSummary
      errors={errors}
      order={order}
      values={values}
      after={(k) =>
        clash && unitId && k === clashField ? (
          <>
            {" "}
            (<ClashLink clash={clash} unitId={unitId} />)
          </>
        ) : null
      }
    />
  );
}
