/**
 * Why a household is placed in a unit that does not suit it: asked on the place and
 * transfer pages when unit_suitability warns (issue 20, item 5). The reason is required
 * there, and kept with the placement.
 */
import { Radios, Textarea, WarningText } from "~/lib/components/govuk";
import { PLACEMENT_DECISIONS } from "~/lib/vocabulary";

export function PlacementDecisionFields({
  warnings,
  doNotUse = [],
  mayUseDoNotUse = false,
  errors,
  values,
}: {
  warnings: { message: string }[];
  /** The unit is "do not use" (issue 21): only a manager places there, recording the emergency. */
  doNotUse?: { message: string }[];
  mayUseDoNotUse?: boolean;
  errors?: Record<string, string> | null;
  values?: Record<string, string> | null;
}) {
  if (doNotUse.length > 0) {
    if (!mayUseDoNotUse)
      return (
        <WarningText>
          This unit is marked do not use. Only a manager can place a household here, in an emergency, recording why. Choose another unit, or
          ask a manager to open this page.
        </WarningText>
      );
    return (
      <>
        <Radios
          name="decision"
          legend="Why are you placing the household in a unit marked do not use?"
          legendSize="m"
          hint={`This unit: ${[...doNotUse, ...warnings].map((w) => w.message).join("; ")}. Only an emergency with nothing suitable available allows it. The reason is kept with the placement.`}
          error={errors?.decision}
          defaultValue={values?.decision}
          choices={[{ value: "emergency_nothing_suitable", label: PLACEMENT_DECISIONS.emergency_nothing_suitable }]}
        />
        <Textarea
          name="decisionNote"
          label="What is the emergency, and why this unit?"
          error={errors?.decisionNote}
          defaultValue={values?.decisionNote}
        />
      </>
    );
  }
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
