/**
 * Whether a unit suits a household (for find a unit and placing): the words for the reasons
 * unit_suitability finds (db/definitions/unit-suitability.ts, the one definition). Pure: no I/O.
 */

import { CERTIFICATE_KINDS, type CertificateKind } from "~/lib/vocabulary";

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

export type UnsuitabilityCode =
  | "too_many_occupants"
  | "bnb_family"
  | "bnb_16_17"
  | "too_few_bedrooms"
  | "not_step_free"
  | "grade_e"
  | "works_overdue"
  | "no_hmo_licence"
  | `expired_${CertificateKind}`;

export interface UnsuitabilityReason {
  code: UnsuitabilityCode;
  message: string;
}

export interface UnitSuitability {
  /** Cannot be placed. */
  hard: UnsuitabilityReason[];
  /** "Do not use" (unit_standards): placed only in an emergency a manager records. */
  doNotUse: UnsuitabilityReason[];
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
  gradeE: "Do not use: the latest inspection graded it E",
  worksOverdue: "Do not use: works an inspection required are past their due date",
  noHmoLicence: "No HMO licence, and the property needs one",
} as const;

function people(n: number): string {
  return n === 1 ? "1 person" : `${n} people`;
}

/** The reasons and score unit_suitability gives (db/definitions/unit-suitability.ts): the one definition. */
export interface SuitabilityCodes {
  hard: string[];
  /** Absent from callers that do not look at the unit's standards (treated as none). */
  do_not_use?: string[];
  warnings: string[];
  score: number;
}

/**
 * The words for one reason unit_suitability gives: with the household's and the unit's
 * figures when known (find a unit, placing), else without them (lists of past placements).
 */
export function suitabilityReasonWords(code: string, figures?: { household: HouseholdNeeds; unit: UnitFacts }): string {
  if (code.startsWith("expired_") && code.slice(8) in CERTIFICATE_KINDS) {
    return `${CERTIFICATE_KINDS[code.slice(8) as CertificateKind]} has expired`;
  }
  switch (code as UnsuitabilityCode) {
    case "too_many_occupants":
      return figures
        ? `Too many people: ${people(figures.household.occupants)}, unit takes ${figures.unit.maxOccupants}`
        : "Too many people for the unit";
    case "bnb_family":
      return UNSUITABILITY_MESSAGES.bnbFamily;
    case "bnb_16_17":
      return UNSUITABILITY_MESSAGES.bnb1617;
    case "too_few_bedrooms":
      return figures
        ? `Too few bedrooms: needs ${figures.household.bedroomNeed}, unit has ${Math.max(figures.unit.bedrooms, 1)}`
        : "Too few bedrooms";
    case "not_step_free":
      return UNSUITABILITY_MESSAGES.notStepFree;
    case "grade_e":
      return UNSUITABILITY_MESSAGES.gradeE;
    case "works_overdue":
      return UNSUITABILITY_MESSAGES.worksOverdue;
    case "no_hmo_licence":
      return UNSUITABILITY_MESSAGES.noHmoLicence;
    default:
      throw new Error(`unit_suitability gave a reason with no words: ${code}`);
  }
}

/** Words the reasons the SQL found, with the household's and the unit's figures. */
export function describeSuitability(household: HouseholdNeeds, unit: UnitFacts, codes: SuitabilityCodes): UnitSuitability {
  const word = (code: string): UnsuitabilityReason => ({
    code: code as UnsuitabilityCode,
    message: suitabilityReasonWords(code, { household, unit }),
  });
  const hard = codes.hard.map(word);
  return {
    hard,
    doNotUse: (codes.do_not_use ?? []).map(word),
    warnings: codes.warnings.map(word),
    placeable: hard.length === 0,
    score: codes.score,
  };
}
