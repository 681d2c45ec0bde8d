/** Whether a unit suits a household (for find a unit and placing). Pure: no I/O, no SQL, no Remix. */

// ---------------------------------------------------------------------------
// 6. Whether a unit suits a household (for the unit search)

export interface HouseholdNeeds {
  familyForBnbRule: boolean;
  leadAged16or17: boolean;
  bedroomNeed: number;
  occupants: number;
  stepFreeNeeded: boolean;
}

export interface UnitFacts {
  isBnb: boolean;
  /** Bedrooms; a studio or bedsit recorded as 0 counts as 1 (the bedroom standard counts bed-sitters). */
  bedrooms: number;
  maxOccupants: number;
  stepFree: boolean;
}

export type UnsuitabilityCode = "too_many_occupants" | "bnb_family" | "bnb_16_17" | "too_few_bedrooms" | "not_step_free";

export interface UnsuitabilityReason {
  code: UnsuitabilityCode;
  message: string;
}

export interface UnitSuitability {
  /** Cannot be placed. */
  hard: UnsuitabilityReason[];
  /** May be placed, with a recorded reason. */
  warnings: UnsuitabilityReason[];
  /** No hard reasons. */
  placeable: boolean;
  /**
   * For ordering search results: LOWER IS BETTER (0 = no problems and an exact
   * bedroom fit). 1000 per hard reason + 100 per warning + the difference
   * between the unit's bedrooms and the need (capped at 99).
   */
  score: number;
}

export const UNSUITABILITY_MESSAGES = {
  bnbFamily: "B&B is unsuitable for a family except in an emergency, and then for no more than 6 weeks",
  bnb1617: "B&B is unsuitable for a 16 or 17 year old applicant",
  notStepFree: "Not step-free",
} as const;

function people(n: number): string {
  return n === 1 ? "1 person" : `${n} people`;
}

export function assessUnitForHousehold(household: HouseholdNeeds, unit: UnitFacts): UnitSuitability {
  const hard: UnsuitabilityReason[] = [];
  const warnings: UnsuitabilityReason[] = [];
  const bedrooms = Math.max(unit.bedrooms, 1);

  if (household.occupants > unit.maxOccupants) {
    hard.push({
      code: "too_many_occupants",
      message: `Too many people: ${people(household.occupants)}, unit takes ${unit.maxOccupants}`,
    });
  }
  if (unit.isBnb && household.familyForBnbRule) {
    warnings.push({ code: "bnb_family", message: UNSUITABILITY_MESSAGES.bnbFamily });
  }
  if (unit.isBnb && household.leadAged16or17) {
    warnings.push({ code: "bnb_16_17", message: UNSUITABILITY_MESSAGES.bnb1617 });
  }
  if (bedrooms < household.bedroomNeed) {
    warnings.push({
      code: "too_few_bedrooms",
      message: `Too few bedrooms: needs ${household.bedroomNeed}, unit has ${bedrooms}`,
    });
  }
  if (household.stepFreeNeeded && !unit.stepFree) {
    warnings.push({ code: "not_step_free", message: UNSUITABILITY_MESSAGES.notStepFree });
  }
  const fit = Math.min(99, Math.abs(bedrooms - household.bedroomNeed));
  return {
    hard,
    warnings,
    placeable: hard.length === 0,
    score: hard.length * 1000 + warnings.length * 100 + fit,
  };
}

/** Sort comparator for search results: fewer problems first, then the closer bedroom fit. */
export function compareUnitSuitability(a: UnitSuitability, b: UnitSuitability): number {
  return a.score - b.score;
}
