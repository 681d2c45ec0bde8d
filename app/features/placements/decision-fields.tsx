/**
 * Why a household is placed in a unit that does not suit it: asked on the place and
 * transfer pages when unit_suitability warns (issue 20, item 5). The reason is required
 * there, and kept with the placement.
 */
import { Radios, Textarea } from "~/lib/components/govuk";
import { PLACEMENT_DECISIONS } from "~/lib/vocabulary";

export function PlacementDecisionFields({
  warnings,
  errors,
  values,
}: {
  warnings: { message: string }[];
  errors?: Record<string, string> | null;
  values?: Record<string, string> | null;
}) {
  if (warnings.length === 0) return null;
  return (
    <>
      <Radios
        name="decision"
        legend="Why are you placing the household in a unit that does not suit them?"
        legendSize="m"
        hint={`This unit: ${warnings.map((w) => w.message).join("; ")}. The reason is kept with the placement and managers see it.`}
        error={errors?.decision}
        defaultValue={values?.decision}
        choices={Object.entries(PLACEMENT_DECISIONS).map(([value, label]) => ({ value, label }))}
      />
      <Textarea
        name="decisionNote"
        label="More about the decision (required for another reason)"
        error={errors?.decisionNote}
        defaultValue={values?.decisionNote}
      />
    </>
  );
}
