/**
 * Letter templates (issue 20, item 3; ADR 0036): plain text with named fields written
 * {{group.name}}. Each kind of letter has a fixed list of fields (FIELDS_BY_KIND, shown to
 * whoever edits a template); a template using any other field is refused, naming it, and so
 * is a letter whose case has no value for a field its template uses. Pure: no I/O.
 */
import { Refusal } from "~/lib/refusal";
import { LETTER_KINDS, type LetterKind } from "~/lib/vocabulary";

export { LETTER_KINDS, type LetterKind };

export interface FieldInfo {
  /** What the field holds, for the list beside the template. */
  description: string;
  /** What to do when a case has no value for it. */
  whenMissing: string;
  /** The form field a missing value is reported against when sending. */
  formField: "placement" | "kind";
}

/** Every field Waypoint knows, with what it holds. */
export const FIELDS = {
  "council.name": { description: "Your council's name", whenMissing: "An administrator sets it in Council settings.", formField: "kind" },
  "letter.date": { description: "The date of the letter (the day it is sent)", whenMissing: "", formField: "kind" },
  "officer.name": { description: "The name of the officer sending the letter", whenMissing: "", formField: "kind" },
  "household.case_ref": { description: "The household's case reference", whenMissing: "", formField: "kind" },
  "household.lead_name": {
    description: "The lead applicant's name",
    whenMissing: "Record the household's lead applicant first.",
    formField: "kind",
  },
  "household.people": {
    description: "How many people are in the household (on the first night of the placement)",
    whenMissing: "",
    formField: "placement",
  },
  "household.members": {
    description: "Each member, one a line: name, relationship and age on the first night of the placement",
    whenMissing: "Record the household's members first.",
    formField: "placement",
  },
  "placement.address": {
    description: "The address of the placement's unit, one part a line",
    whenMissing: "Choose the placement the letter is about.",
    formField: "placement",
  },
  "placement.unit_ref": {
    description: "The unit's reference",
    whenMissing: "Choose the placement the letter is about.",
    formField: "placement",
  },
  "placement.start_date": {
    description: "The placement's first night",
    whenMissing: "Choose the placement the letter is about.",
    formField: "placement",
  },
  "placement.end_date": {
    description: "The placement's end date (the day the household leaves)",
    whenMissing: "The placement has no end date: choose another letter, or take this field out of the template.",
    formField: "placement",
  },
  "placement.duty": {
    description: "The duty under which the accommodation is provided",
    whenMissing: "Choose the placement the letter is about.",
    formField: "placement",
  },
  "provider.name": {
    description: "The name of the unit's provider",
    whenMissing: "Choose the placement the letter is about.",
    formField: "placement",
  },
  "district.name": {
    description: "The name of the district the unit is in, from the register of districts",
    whenMissing: "An administrator names the district under Administration, Districts.",
    formField: "placement",
  },
  "district.council": {
    description: "The council that receives notices for the unit's district",
    whenMissing: "An administrator adds the council under Administration, Districts.",
    formField: "placement",
  },
  "district.notice_address": {
    description: "Where notices for the unit's district go, one line a part",
    whenMissing: "An administrator adds the address under Administration, Districts.",
    formField: "placement",
  },
  "review.deadline": {
    description: "The last day to ask for a review of suitability (s202): 21 days beginning with the date of the letter",
    whenMissing: "",
    formField: "kind",
  },
  "move_on.pathway": {
    description: "The way out of temporary accommodation in the household's move-on plan",
    whenMissing: "Add a move-on plan to the case first.",
    formField: "kind",
  },
  "move_on.target_date": {
    description: "The target date in the household's move-on plan",
    whenMissing: "Add a move-on plan to the case first.",
    formField: "kind",
  },
} as const satisfies Record<string, FieldInfo>;
export type FieldName = keyof typeof FIELDS;

const COMMON: FieldName[] = ["council.name", "letter.date", "officer.name", "household.case_ref", "household.lead_name"];
const PLACEMENT: FieldName[] = [
  "household.people",
  "placement.address",
  "placement.unit_ref",
  "placement.start_date",
  "placement.end_date",
  "placement.duty",
  "provider.name",
  "district.name",
];

/** The fields each kind of letter may use: a fixed list, documented on the template page and in ADR 0036. */
export const FIELDS_BY_KIND: Record<LetterKind, readonly FieldName[]> = {
  placement_offer: [...COMMON, ...PLACEMENT, "review.deadline"],
  booking_confirmation: [...COMMON, ...PLACEMENT],
  move_on_offer: [...COMMON, "move_on.pathway", "move_on.target_date", "review.deadline"],
  s208_notice: [...COMMON, ...PLACEMENT, "household.members", "district.council", "district.notice_address"],
};

/**
 * Fields a kind's template must use. A placement offer must give the date by which a review can
 * be asked for (s202); an s208 notice must give what s208(3) requires of it: the applicant's
 * name, the number and description of household members, the address, the date the
 * accommodation was made available and the duty under which it was provided.
 */
export const REQUIRED_BY_KIND: Record<LetterKind, readonly FieldName[]> = {
  placement_offer: ["review.deadline", "placement.address", "placement.start_date"],
  booking_confirmation: ["placement.address", "placement.start_date"],
  move_on_offer: [],
  s208_notice: [
    "household.lead_name",
    "household.people",
    "household.members",
    "placement.address",
    "placement.start_date",
    "placement.duty",
  ],
};

/** Kinds written about one placement (every kind but a move-on offer). */
export const NEEDS_PLACEMENT: Record<LetterKind, boolean> = {
  placement_offer: true,
  booking_confirmation: true,
  move_on_offer: false,
  s208_notice: true,
};

export const isLetterKind = (s: unknown): s is LetterKind => typeof s === "string" && Object.hasOwn(LETTER_KINDS, s);
const isFieldName = (s: string): s is FieldName => Object.hasOwn(FIELDS, s);
const kindWords = (kind: LetterKind) => LETTER_KINDS[kind].replace(/^./, (c) => c.toLowerCase());

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The fields a template uses, in order of first use. */
export function fieldsUsed(body: string): string[] {
  return [...new Set([...body.matchAll(TOKEN)].map((m) => m[1]))];
}

export const MAX_TEMPLATE_LENGTH = 20_000;

/**
 * Checks a template before it is saved (or previewed): every {{field}} is one of its kind's
 * fields, the braces are whole, and the fields the kind needs are there. Refused naming the
 * field (Refusal on "body").
 */
export function checkTemplate(kind: LetterKind, body: string): void {
  if (body.trim() === "") throw new Refusal("body", "Enter the text of the letter");
  if (body.length > MAX_TEMPLATE_LENGTH)
    throw new Refusal("body", `The letter must be ${MAX_TEMPLATE_LENGTH.toLocaleString("en-GB")} characters or fewer`);
  const allowed = FIELDS_BY_KIND[kind];
  for (const name of fieldsUsed(body)) {
    if (name === "")
      throw new Refusal("body", "The template has an empty field {{}}: write a field's name inside the braces, or take them out");
    if (!isFieldName(name))
      throw new Refusal("body", `The template uses {{${name}}}, which is not a field Waypoint knows: use only the fields listed`);
    if (!allowed.includes(name))
      throw new Refusal(
        "body",
        `The template uses {{${name}}}, which is not a field of a ${kindWords(kind)} letter: use only the fields listed`,
      );
  }
  const rest = body.replace(TOKEN, "");
  const stray = /\{\{|\}\}/.exec(rest);
  if (stray) {
    const at = rest.slice(Math.max(0, stray.index - 20), stray.index + 22).replace(/\s+/g, " ");
    throw new Refusal("body", `A field is written {{like.this}}: the braces in "${at.trim()}" are not a whole field`);
  }
  const used = new Set(fieldsUsed(body));
  for (const need of REQUIRED_BY_KIND[kind]) {
    if (!used.has(need))
      throw new Refusal(
        "body",
        `A ${kindWords(kind)} letter must include {{${need}}} (${FIELDS[need].description.replace(/^./, (c) => c.toLowerCase())})`,
      );
  }
}

/** A case's values for the fields; null (or blank) where the case has none. */
export type FieldValues = Partial<Record<FieldName, string | null>>;

/**
 * The letter's text: the template with each field replaced by the case's value. Refused when
 * the case has no value for a field the template uses, naming every such field, on the form
 * field where it can be put right (nothing is saved). The template is checked first.
 */
export function renderLetter(kind: LetterKind, body: string, values: FieldValues): string {
  checkTemplate(kind, body);
  const missing = fieldsUsed(body).filter((n) => {
    const v = values[n as FieldName];
    return v === null || v === undefined || v.trim() === "";
  }) as FieldName[];
  if (missing.length) {
    const parts = missing.map((n) => `{{${n}}} (${FIELDS[n].description.replace(/^./, (c) => c.toLowerCase())})`);
    const hints = [...new Set(missing.map((n) => FIELDS[n].whenMissing).filter(Boolean))];
    throw new Refusal(
      FIELDS[missing[0]].formField,
      `This letter cannot be sent: the case has no value for ${parts.join(", ")}.${hints.length ? ` ${hints.join(" ")}` : ""}`,
    );
  }
  return body.replace(TOKEN, (_, name: string) => values[name as FieldName]!.trim());
}

/** A made-up case to preview a template against: every field has a value (synthetic data only). */
export const SAMPLE_VALUES: Record<FieldName, string> = {
  "council.name": "Exampleshire Council",
  "letter.date": "7 December 2026",
  "officer.name": "Sam Officer",
  "household.case_ref": "HX-0001",
  "household.lead_name": "Alex Example",
  "household.people": "3",
  "household.members": "Alex Example, lead applicant, aged 34\nJo Example, child, aged 9\nRi Example, child, aged 4",
  "placement.address": "Flat 2\n1 Sample Road\nExampletown\nEX1 1AA",
  "placement.unit_ref": "EX-101",
  "placement.start_date": "8 December 2026",
  "placement.end_date": "5 January 2027",
  "placement.duty": "Main duty (s193)",
  "provider.name": "Example Lettings Ltd",
  "district.name": "Exampletown",
  "district.council": "Exampletown Borough Council",
  "district.notice_address": "Housing Options\n2 Civic Way\nExampletown\nEX2 2BB",
  "review.deadline": "27 December 2026",
  "move_on.pathway": "Social housing",
  "move_on.target_date": "31 March 2027",
};
