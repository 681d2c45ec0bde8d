/**
 * Whether a unit suits a household (for find a unit and placing): the words for the reasons
 * unit_suitability finds (db/definitions/unit-suitability.ts, the one definition). Pure: no I/O.
 */

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

/** The reasons and score unit_suitability gives (db/definitions/unit-suitability.ts): the one definition. */
export interface SuitabilityCodes {
  hard: string[];
  warnings: string[];
  score: number;
}

/** Words the reasons the SQL found, with the household's and the unit's figures. */
export function describeSuitability(household: HouseholdNeeds, unit: UnitFacts, codes: SuitabilityCodes): UnitSuitability {
  const bedrooms = Math.max(unit.bedrooms, 1);
  const word = (code: string): UnsuitabilityReason => {
    switch (code as UnsuitabilityCode) {
      case "too_many_occupants":
        return { code: "too_many_occupants", message: `Too many people: ${people(household.occupants)}, unit takes ${unit.maxOccupants}` };
      case "bnb_family":
        return { code: "bnb_family", message: UNSUITABILITY_MESSAGES.bnbFamily };
      case "bnb_16_17":
        return { code: "bnb_16_17", message: UNSUITABILITY_MESSAGES.bnb1617 };
      case "too_few_bedrooms":
        return { code: "too_few_bedrooms", message: `Too few bedrooms: needs ${household.bedroomNeed}, unit has ${bedrooms}` };
      case "not_step_free":
        return { code: "not_step_free", message: UNSUITABILITY_MESSAGES.notStepFree };
      default:
        throw new Error(`unit_suitability gave a reason with no words: ${code}`);
    }
  };
  const hard = codes.hard.map(word);
  return { hard, warnings: codes.warnings.map(word), placeable: hard.length === 0, score: codes.score };
}
