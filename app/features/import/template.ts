/**
 * The spreadsheet import template, version 1: the one definition of its files
 * and columns. The parser validates against it, and the app renders the
 * documentation page and the downloadable blank templates from it, so the
 * three cannot drift apart. docs/import-template.md is the published text;
 * a test checks that it names the same columns.
 *
 * Councils' data teams script against this, so changing a column name, making
 * an optional column required or narrowing a format is a new version.
 * Adding an optional column or an allowed value is not.
 */

export const TEMPLATE_VERSION = 1 as const;

import {
  CERTIFICATE_KINDS,
  DESTINATIONS,
  DUTIES,
  INSPECTION_GRADES,
  PAID_FOR,
  PROVIDER_TYPES,
  RELATIONSHIPS,
  SEXES,
  TA1_CATEGORIES,
  codesOf,
} from "~/lib/vocabulary";

/** The files in the order they are best imported (what each refers to comes first). */
export const IMPORT_FILE_KINDS = [
  "providers",
  "units",
  "unit_rates",
  "households",
  "members",
  "placements",
  "out_of_service",
  "inspections",
  "certificates",
] as const;
export type ImportFileKind = (typeof IMPORT_FILE_KINDS)[number];

/** The TA types a council starts with; a council may add its own (see ParseOptions.taTypes). */
export const DEFAULT_TA_TYPES = TA1_CATEGORIES.map((c) => c.code);

/** Values accepted in a yes/no column, in any mix of upper and lower case. */
export const YES_VALUES = ["yes", "y", "true"] as const;
export const NO_VALUES = ["no", "n", "false"] as const;

/** Upper bound on a nightly rate: £5,000.00. Catches pence typed as pounds. */
export const MAX_NIGHTLY_RATE_PENCE = 500_000;
/** Upper bound on a weekly rate: seven nights at the nightly bound. */
export const MAX_WEEKLY_RATE_PENCE = 7 * MAX_NIGHTLY_RATE_PENCE;

/** Dates outside these years are refused as typing mistakes. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

export type ColumnFormat =
  /** Free text on one line (or several when `multiline`), trimmed. */
  | { type: "text"; maxLength: number; multiline?: boolean }
  /** A reference matched exactly (after trimming) between files and with the database. */
  | { type: "reference"; maxLength: number }
  | { type: "date" }
  /** Pounds and pence, read into integer pence. */
  | { type: "money"; maxPence: number }
  | { type: "yes_no" }
  /**
   * One of a list of codes, in any case. `configurable`: the council may replace
   * the list (TA types), so the parser takes it from its options.
   */
  | { type: "code"; values: readonly string[]; configurable?: boolean }
  | { type: "integer"; min: number; max: number }
  | { type: "gss_code" }
  | { type: "postcode" }
  | { type: "email"; maxLength: number }
  | { type: "phone" };

export interface TemplateColumn {
  name: string;
  required: boolean;
  format: ColumnFormat;
  description: string;
  /** An example value, as a council would write it. */
  example: string;
  /** What a blank cell means, for optional columns. */
  blankMeans?: string;
}

export interface TemplateFile {
  kind: ImportFileKind;
  fileName: string;
  description: string;
  /** The column (or columns) that must be unique within the file. */
  unique: readonly string[];
  columns: readonly TemplateColumn[];
}

/** As long as the database allows for unit_ref and case_ref. */
const REF_LENGTH = 60;
const NAME_LENGTH = 200;

const ref = (name: string, description: string, example: string): TemplateColumn => ({
  name,
  required: true,
  format: { type: "reference", maxLength: REF_LENGTH },
  description,
  example,
});
const text = (name: string, maxLength: number, description: string, example: string): TemplateColumn => ({
  name,
  required: true,
  format: { type: "text", maxLength },
  description,
  example,
});
const yesNo = (name: string, description: string, example: string): TemplateColumn => ({
  name,
  required: true,
  format: { type: "yes_no" },
  description,
  example,
});

export const IMPORT_TEMPLATE: { readonly [K in ImportFileKind]: TemplateFile } = {
  providers: {
    kind: "providers",
    fileName: "providers.csv",
    description: "The organisations the council places households with: one row per provider.",
    unique: ["provider_name"],
    columns: [
      text(
        "provider_name",
        NAME_LENGTH,
        "The provider's name. Units refer to it, ignoring upper and lower case and repeated spaces.",
        "Northside Lettings Ltd",
      ),
      {
        name: "provider_type",
        required: true,
        format: { type: "code", values: codesOf(PROVIDER_TYPES) },
        description: "The kind of provider.",
        example: "agent",
      },
      {
        name: "email",
        required: false,
        format: { type: "email", maxLength: 254 },
        description: "An email address for bookings.",
        example: "bookings@northside.example",
        blankMeans: "not known",
      },
      {
        name: "phone",
        required: false,
        format: { type: "phone" },
        description: "A telephone number for bookings.",
        example: "0161 496 0000",
        blankMeans: "not known",
      },
    ],
  },
  units: {
    kind: "units",
    fileName: "units.csv",
    description: "The rooms and flats households are placed into: one row per unit (the smallest thing that is placed into).",
    unique: ["unit_ref"],
    columns: [
      ref("unit_ref", "The council's reference for the unit, unique across all units.", "NS-0042"),
      text(
        "provider_name",
        NAME_LENGTH,
        "The provider of the unit: a provider_name in providers.csv or one already imported.",
        "Northside Lettings Ltd",
      ),
      text("property_name", NAME_LENGTH, "The building or property the unit is in.", "Albert House"),
      text("address_line_1", NAME_LENGTH, "The first line of the unit's address.", "Flat 3, 12 Albert Road"),
      text("town", 100, "The town or city.", "Manchester"),
      {
        name: "postcode",
        required: true,
        format: { type: "postcode" },
        description: "The unit's postcode.",
        example: "M14 5AB",
      },
      {
        name: "district_gss",
        required: true,
        format: { type: "gss_code" },
        description: "The GSS code of the local authority district the unit stands in (used for out-of-district placements).",
        example: "E08000003",
      },
      {
        name: "ta_type",
        required: true,
        format: { type: "code", values: DEFAULT_TA_TYPES, configurable: true },
        description: "The type of temporary accommodation. A council may add its own types.",
        example: "nightly_self_contained",
      },
      {
        name: "bedrooms",
        required: true,
        format: { type: "integer", min: 0, max: 10 },
        description: "Number of bedrooms; 0 for a studio or a single room.",
        example: "2",
      },
      {
        name: "max_occupants",
        required: true,
        format: { type: "integer", min: 1, max: 20 },
        description: "The most people who may live in the unit.",
        example: "4",
      },
      yesNo("shared_kitchen", "Whether the kitchen is shared with another household.", "no"),
      yesNo("shared_bathroom", "Whether the bathroom is shared with another household.", "no"),
      yesNo("shared_toilet", "Whether the toilet is shared with another household.", "no"),
      yesNo("step_free", "Whether the unit can be reached and entered without steps.", "yes"),
      {
        name: "in_use_from",
        required: false,
        format: { type: "date" },
        description: "The first day the unit could be placed into.",
        example: "2025-04-01",
        blankMeans: "in use since before any placement in the files",
      },
      {
        name: "retired_on",
        required: false,
        format: { type: "date" },
        description: "The first day the unit is no longer in use. It must be after in_use_from.",
        example: "",
        blankMeans: "still in use",
      },
      {
        name: "paid_for",
        required: false,
        format: { type: "code", values: codesOf(PAID_FOR) },
        description:
          "Which nights the council pays for: occupied_nights (only the nights a household is placed) or every_night (a block booking, paid empty or not).",
        example: "occupied_nights",
        blankMeans: "the TA type's default",
      },
      {
        name: "brma",
        required: false,
        format: { type: "text", maxLength: 100 },
        description:
          "The Broad Rental Market Area the unit's property stands in, named as in Waypoint's LHA rates: it decides the housing benefit subsidy estimated for the unit. A property takes it from its first row.",
        example: "Central Greater Manchester",
        blankMeans: "keep what Waypoint has (none for a new property: no subsidy is estimated)",
      },
    ],
  },
  unit_rates: {
    kind: "unit_rates",
    fileName: "unit_rates.csv",
    description:
      "What each unit costs the council per night or per week. A rate applies from its effective_from date until the unit's next rate starts. Each row gives nightly_rate or weekly_rate, not both.",
    unique: ["unit_ref", "effective_from"],
    columns: [
      ref("unit_ref", "The unit: a unit_ref in units.csv or one already imported.", "NS-0042"),
      {
        name: "nightly_rate",
        required: false,
        format: { type: "money", maxPence: MAX_NIGHTLY_RATE_PENCE },
        description:
          "The cost to the council per night, in pounds and pence. 0 is allowed (for example council stock). Blank when the row gives weekly_rate.",
        example: "£64.50",
        blankMeans: "the row gives weekly_rate",
      },
      {
        name: "effective_from",
        required: true,
        format: { type: "date" },
        description: "The first night the rate applies to.",
        example: "2025-04-01",
      },
      {
        name: "weekly_rate",
        required: false,
        format: { type: "money", maxPence: MAX_WEEKLY_RATE_PENCE },
        description:
          "The cost to the council per week, in pounds and pence, for a unit let by the week: kept as a weekly rate, with weeks counted from effective_from. Blank when the row gives nightly_rate.",
        example: "",
        blankMeans: "the row gives nightly_rate",
      },
    ],
  },
  households: {
    kind: "households",
    fileName: "households.csv",
    description: "The households the council has placed in temporary accommodation: one row per case.",
    unique: ["case_ref"],
    columns: [
      ref("case_ref", "The council's own case reference, kept as it is so statutory returns do not count a case twice.", "HL/2025/00123"),
      text("lead_name", NAME_LENGTH, "The lead applicant's full name.", "Amina Hassan"),
      {
        name: "duty",
        required: true,
        format: { type: "code", values: codesOf(DUTIES) },
        description:
          "The duty under which the household is accommodated: s188 (interim), s190, s193 (main duty), s200, review_or_appeal (pending a review or appeal), other.",
        example: "s193",
      },
      {
        name: "step_free_needed",
        required: false,
        format: { type: "yes_no" },
        description: "Whether the household needs step-free access.",
        example: "no",
        blankMeans: "no",
      },
      {
        name: "support_needs",
        required: false,
        format: { type: "text", maxLength: 2000, multiline: true },
        description: "Support needs a housing officer should know about when placing the household.",
        example: "Needs to stay near school in Moss Side",
        blankMeans: "none recorded",
      },
      {
        name: "awaiting_since",
        required: false,
        format: { type: "date" },
        description:
          "The day since which the council has owed the household accommodation and secured none (TA1's no_accommodation_secured), while that is still so.",
        example: "",
        blankMeans: "not waiting for accommodation",
      },
    ],
  },
  members: {
    kind: "members",
    fileName: "members.csv",
    description:
      "The people in each household, including the lead applicant: one row per person. Children, bedroom need and household type are worked out from these rows.",
    unique: [],
    columns: [
      ref("case_ref", "The household: a case_ref in households.csv or one already imported.", "HL/2025/00123"),
      text("name", NAME_LENGTH, "The person's full name.", "Amina Hassan"),
      {
        name: "date_of_birth",
        required: true,
        format: { type: "date" },
        description: "The person's date of birth. It must not be in the future.",
        example: "14/07/1990",
      },
      {
        name: "relationship",
        required: true,
        format: { type: "code", values: codesOf(RELATIONSHIPS) },
        description: "The person's relationship to the lead applicant; exactly one member of each household is lead.",
        example: "lead",
      },
      {
        name: "pregnant",
        required: false,
        format: { type: "yes_no" },
        description: "Whether the person is pregnant (it makes B&B unsuitable for the household).",
        example: "no",
        blankMeans: "no",
      },
      {
        name: "sex",
        required: false,
        format: { type: "code", values: codesOf(SEXES) },
        description: "female or male, used by the bedroom standard to decide who can share a bedroom.",
        example: "female",
        blankMeans: "not known",
      },
      {
        name: "pregnant_since",
        required: false,
        format: { type: "date" },
        description:
          "For a pregnant member: the day from which the council knew of the pregnancy. Reports for earlier nights do not count it (TA1's with_children, the six-week limit). Only with pregnant yes; not in the future.",
        example: "",
        blankMeans: "the day of the import",
      },
    ],
  },
  placements: {
    kind: "placements",
    fileName: "placements.csv",
    description:
      "Each household's stays in units: one row per stay. A stay covers the nights from start_date up to but not including end_date. A move to another unit ends one placement on the day the next starts (a transfer inside one episode).",
    unique: [],
    columns: [
      ref("case_ref", "The household: a case_ref in households.csv or one already imported.", "HL/2025/00123"),
      ref("unit_ref", "The unit: a unit_ref in units.csv or one already imported.", "NS-0042"),
      {
        name: "start_date",
        required: true,
        format: { type: "date" },
        description: "The day the household moved in (the first night).",
        example: "2025-06-02",
      },
      {
        name: "end_date",
        required: false,
        format: { type: "date" },
        description: "The day the household moved out (not a night of the stay). It must be after start_date.",
        example: "2025-09-15",
        blankMeans: "the household is still there",
      },
      {
        name: "end_reason",
        required: false,
        format: { type: "text", maxLength: 500, multiline: true },
        description: "Why the placement ended, in the council's words. Only with an end_date.",
        example: "Moved to a larger unit",
        blankMeans: "not recorded",
      },
      {
        name: "destination",
        required: false,
        format: { type: "code", values: codesOf(DESTINATIONS) },
        description:
          "Where the household went when it left temporary accommodation. Only with an end_date, and blank when the household moved to another unit.",
        example: "social_housing",
        blankMeans: "still placed, moved to another unit, or not known",
      },
      {
        name: "duty",
        required: false,
        format: { type: "code", values: codesOf(DUTIES) },
        description:
          "The duty under which this placement was made, when it is not the household's duty in households.csv (the duty can change during a stay).",
        example: "s188",
        blankMeans: "the household's duty (for a placement already in Waypoint: the duty it has)",
      },
    ],
  },
  out_of_service: {
    kind: "out_of_service",
    fileName: "out_of_service.csv",
    description:
      "The periods a unit could not be placed into (repairs, a void): one row per period. A period covers the nights from start_date up to but not including end_date, and may not overlap a placement in the unit or another period.",
    unique: ["unit_ref", "start_date"],
    columns: [
      ref("unit_ref", "The unit: a unit_ref in units.csv or one already imported.", "NS-0042"),
      {
        name: "start_date",
        required: true,
        format: { type: "date" },
        description: "The first night the unit is out of service.",
        example: "2025-07-01",
      },
      {
        name: "end_date",
        required: false,
        format: { type: "date" },
        description: "The first night the unit is back in service. It must be after start_date.",
        example: "2025-07-15",
        blankMeans: "still out of service",
      },
      {
        name: "reason",
        required: true,
        format: { type: "text", maxLength: 500, multiline: true },
        description: "Why the unit is out of service.",
        example: "Boiler replacement",
      },
    ],
  },
  inspections: {
    kind: "inspections",
    fileName: "inspections.csv",
    description:
      'Inspections of a property or of one of its units (optional, issue 21): one row per inspection, with at most one piece of required works (record more in Waypoint). Grade E, or works not completed by works_due, make the units it covers "do not use". Matched by the unit (or its property, for a whole_property inspection) and inspected_on.',
    unique: ["unit_ref", "inspected_on"],
    columns: [
      ref(
        "unit_ref",
        "The unit inspected, or a unit of the property inspected: a unit_ref in units.csv or one already imported.",
        "NS-0042",
      ),
      {
        name: "whole_property",
        required: false,
        format: { type: "yes_no" },
        description: "yes when the inspection covers the whole property of unit_ref, not only that unit.",
        example: "yes",
        blankMeans: "no: the unit only",
      },
      {
        name: "inspected_on",
        required: true,
        format: { type: "date" },
        description: "The day of the inspection: today or in the past.",
        example: "2025-03-14",
      },
      text("inspector", 200, "Who inspected: name and organisation.", "Private Sector Housing Team: R. Okafor"),
      {
        name: "grade",
        required: true,
        format: { type: "code", values: codesOf(INSPECTION_GRADES) },
        description: "The grade, A (good) to E (do not use).",
        example: "C",
      },
      {
        name: "findings",
        required: false,
        format: { type: "text", maxLength: 4000, multiline: true },
        description: "What the inspection found.",
        example: "Loose stair handrail; no smoke alarm in the back bedroom",
        blankMeans: "none recorded",
      },
      {
        name: "works",
        required: false,
        format: { type: "text", maxLength: 500 },
        description: "Works the inspection required (one piece of works).",
        example: "Fix the handrail and fit a smoke alarm",
        blankMeans: "no works required",
      },
      {
        name: "works_due",
        required: false,
        format: { type: "date" },
        description: "The day the works are due: on or after inspected_on. Required when works is given.",
        example: "2025-04-11",
        blankMeans: "no works required",
      },
      {
        name: "works_completed",
        required: false,
        format: { type: "date" },
        description: "The day the works were completed: on or after inspected_on, today or in the past.",
        example: "2025-04-02",
        blankMeans: "not completed",
      },
      {
        name: "reinspect_on",
        required: false,
        format: { type: "date" },
        description: "When the property is to be inspected again: after inspected_on.",
        example: "2026-03-14",
        blankMeans: "not set",
      },
    ],
  },
  certificates: {
    kind: "certificates",
    fileName: "certificates.csv",
    description:
      "Compliance certificates of a property or of one of its units (optional, issue 21): one row per certificate. An expired one is shown on the unit and in find a unit. Matched by the unit (or its property), certificate and issued_on.",
    unique: ["unit_ref", "certificate", "issued_on"],
    columns: [
      ref(
        "unit_ref",
        "The unit certified, or a unit of the property certified: a unit_ref in units.csv or one already imported.",
        "NS-0042",
      ),
      {
        name: "whole_property",
        required: false,
        format: { type: "yes_no" },
        description:
          "yes when the certificate covers the whole property of unit_ref (a gas safety record for the building, an HMO licence).",
        example: "yes",
        blankMeans: "no: the unit only",
      },
      {
        name: "certificate",
        required: true,
        format: { type: "code", values: codesOf(CERTIFICATE_KINDS) },
        description: "The kind: gas_safety, eicr, hmo_licence, fire_risk_assessment or epc.",
        example: "gas_safety",
      },
      {
        name: "issued_on",
        required: true,
        format: { type: "date" },
        description: "The day it was issued: today or in the past.",
        example: "2025-01-20",
      },
      {
        name: "expires_on",
        required: true,
        format: { type: "date" },
        description: "The day it expires: after issued_on.",
        example: "2026-01-20",
      },
      {
        name: "reference",
        required: false,
        format: { type: "text", maxLength: 100 },
        description: "The certificate's own number.",
        example: "GS-118842",
        blankMeans: "none recorded",
      },
    ],
  },
};

/**
 * The kind of file a name stands for: the file name (any folders stripped),
 * ignoring case, must be one of the template's file names.
 */
export function fileKindFromName(name: string): ImportFileKind | null {
  const base = name.split(/[\\/]/).pop()!.trim().toLowerCase();
  for (const kind of IMPORT_FILE_KINDS) if (IMPORT_TEMPLATE[kind].fileName === base) return kind;
  return null;
}

/**
 * A blank template file: the header row alone. With `bom` (the default) it
 * starts with a UTF-8 byte order mark so Excel opens and saves it as UTF-8.
 */
export function blankTemplateCsv(kind: ImportFileKind, { bom = true }: { bom?: boolean } = {}): string {
  const header = IMPORT_TEMPLATE[kind].columns.map((c) => c.name).join(",");
  return `${bom ? "\uFEFF" : ""}${header}\r\n`;
}

/** A short description of a column's format for documentation pages. */
export function describeFormat(format: ColumnFormat, taTypes: readonly string[] = DEFAULT_TA_TYPES): string {
  switch (format.type) {
    case "text":
      return `Text, up to ${format.maxLength.toLocaleString("en-GB")} characters${format.multiline ? " (line breaks allowed)" : ""}`;
    case "reference":
      return `Reference, up to ${format.maxLength} characters, matched exactly`;
    case "date":
      return "Date: YYYY-MM-DD or DD/MM/YYYY";
    case "money":
      return `Pounds and pence, like 57.00 or £57; from £0.00 to £${(format.maxPence / 100).toLocaleString("en-GB", { minimumFractionDigits: 2 })}`;
    case "yes_no":
      return "yes or no (also y, n, true, false)";
    case "code":
      return `One of: ${(format.configurable ? taTypes : format.values).join(", ")}`;
    case "integer":
      return `Whole number from ${format.min} to ${format.max}`;
    case "gss_code":
      return "GSS code: E, W, S or N and 8 digits";
    case "postcode":
      return "UK postcode";
    case "email":
      return "Email address";
    case "phone":
      return "Telephone number";
  }
}
