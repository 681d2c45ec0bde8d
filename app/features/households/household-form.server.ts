/**
 * The household form (register and edit): a variable number of member rows
 * that works with JavaScript off. "Add another member" and "Remove" are submit
 * buttons; the action re-renders the form with one row more or less.
 */
import { z } from "zod";
import { formValues, govukDate, zodErrors, type Errors, type Values } from "~/lib/forms.server";
import type { IsoDate } from "~/lib/dates";
import { DUTIES, RELATIONSHIPS, SEXES, codesOf, type Duty, type Relationship, type Sex } from "~/lib/vocabulary";

export const MAX_MEMBERS = 20;

export interface MemberInput {
  id: number | null;
  name: string;
  dateOfBirth: IsoDate | null;
  relationship: Relationship;
  sex: Sex | null;
  pregnant: boolean;
}

export interface HouseholdInput {
  caseRef: string;
  duty: Duty;
  stepFreeNeeded: boolean;
  supportNeeds: string;
  awaiting: boolean;
  members: MemberInput[];
}

/** One row of the member table, as strings, for re-rendering. */
export interface MemberRow {
  id: string;
  name: string;
  dob: { day: string; month: string; year: string };
  relationship: string;
  sex: string;
  pregnant: boolean;
}

const header = z.object({
  case_ref: z
    .string()
    .trim()
    .min(1, "Enter the case reference")
    .max(60, "Case reference must be 60 characters or fewer")
    .regex(/^[^\p{Cc}]*$/u, "Case reference must not include control characters"),
  duty: z.enum(codesOf(DUTIES), { error: "Select the duty the household is owed" }),
  step_free: z.enum(["yes", "no"], { error: "Select yes if the household needs step-free access" }),
  support_needs: z.string().trim().max(2000, "Support needs must be 2000 characters or fewer").default(""),
  awaiting: z.enum(["yes", "no"], { error: "Select yes if the household is awaiting a placement" }).optional(),
});

const memberSchema = (n: number) =>
  z.object({
    id: z
      .string()
      .regex(/^\d{0,15}$/, "This member is not part of this household")
      .transform((v) => (v ? Number(v) : null)),
    name: z.string().trim().min(1, `Enter the name of member ${n}`).max(200, "Name must be 200 characters or fewer"),
    dob: govukDate("date of birth", { optional: true }),
    relationship: z.enum(codesOf(RELATIONSHIPS), { error: `Select the relationship of member ${n}` }),
    sex: z.enum(["", ...codesOf(SEXES)], { error: "Select female, male or not recorded" }).transform((v) => (v === "" ? null : v)),
    pregnant: z.boolean(),
  });

export function memberCount(values: Values): number {
  const n = Number(values.member_count);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_MEMBERS) : 1;
}

export function memberRows(values: Values): MemberRow[] {
  const rows: MemberRow[] = [];
  for (let i = 0; i < memberCount(values); i++) {
    rows.push({
      id: values[`m${i}-id`] ?? "",
      name: values[`m${i}-name`] ?? "",
      dob: { day: values[`m${i}-dob-day`] ?? "", month: values[`m${i}-dob-month`] ?? "", year: values[`m${i}-dob-year`] ?? "" },
      relationship: values[`m${i}-relationship`] ?? (i === 0 ? "lead" : "child"),
      sex: values[`m${i}-sex`] ?? "",
      pregnant: values[`m${i}-pregnant`] === "yes",
    });
  }
  return rows;
}

/** Field names for a row, so values can be renumbered after a removal. */
function rowValues(rows: MemberRow[]): Values {
  const v: Values = { member_count: String(rows.length) };
  rows.forEach((r, i) => {
    v[`m${i}-id`] = r.id;
    v[`m${i}-name`] = r.name;
    v[`m${i}-dob-day`] = r.dob.day;
    v[`m${i}-dob-month`] = r.dob.month;
    v[`m${i}-dob-year`] = r.dob.year;
    v[`m${i}-relationship`] = r.relationship;
    v[`m${i}-sex`] = r.sex;
    if (r.pregnant) v[`m${i}-pregnant`] = "yes";
  });
  return v;
}

export type HouseholdFormResult =
  | { kind: "rows"; values: Values }
  | { kind: "invalid"; errors: Errors; values: Values }
  | { kind: "valid"; data: HouseholdInput; values: Values };

/** Reads the form: an add/remove click gives the new rows; a save gives data or errors. */
export function readHouseholdForm(form: FormData, today: IsoDate): HouseholdFormResult {
  const values = formValues(form);
  const intent = values.intent ?? "save";
  const rows = memberRows(values);
  const keep = Object.fromEntries(Object.entries(values).filter(([k]) => !/^m\d+-|^member_count$|^intent$/.test(k)));
  if (intent === "add") {
    if (rows.length < MAX_MEMBERS)
      rows.push({ id: "", name: "", dob: { day: "", month: "", year: "" }, relationship: "child", sex: "", pregnant: false });
    return { kind: "rows", values: { ...keep, ...rowValues(rows) } };
  }
  const remove = /^remove-(\d+)$/.exec(intent);
  if (remove) {
    const i = Number(remove[1]);
    if (i < rows.length && rows.length > 1) rows.splice(i, 1);
    return { kind: "rows", values: { ...keep, ...rowValues(rows) } };
  }

  const errors: Errors = {};
  const h = header.safeParse(values);
  if (!h.success) Object.assign(errors, zodErrors(h.error));
  const members: MemberInput[] = [];
  rows.forEach((r, i) => {
    const m = memberSchema(i + 1).safeParse({ ...r, pregnant: r.pregnant });
    if (!m.success) {
      for (const issue of m.error.issues) {
        // A tampered hidden id has no field to point at: report it for the whole form.
        const key = issue.path[0] === "id" ? "_form" : `m${i}-${String(issue.path[0])}`;
        errors[key] ??= issue.message;
      }
      return;
    }
    if (m.data.dob && m.data.dob > today) errors[`m${i}-dob`] ??= "Date of birth must be today or in the past";
    if (m.data.pregnant && m.data.sex === "male") errors[`m${i}-pregnant`] ??= "A member recorded as male cannot be recorded as pregnant";
    members.push({
      id: m.data.id,
      name: m.data.name,
      dateOfBirth: m.data.dob,
      relationship: m.data.relationship,
      sex: m.data.sex,
      pregnant: m.data.pregnant,
    });
  });
  const leads = rows.map((r, i) => (r.relationship === "lead" ? i : -1)).filter((i) => i >= 0);
  if (leads.length === 0) errors["m0-relationship"] ??= "Choose one member as the lead applicant";
  for (const i of leads.slice(1)) errors[`m${i}-relationship`] ??= "Only one member can be the lead applicant";
  const ids = members.map((m) => m.id).filter((id) => id !== null);
  if (new Set(ids).size !== ids.length) errors._form ??= "A member appears twice. Reload the page and try again";

  if (Object.keys(errors).length || !h.success) return { kind: "invalid", errors, values };
  return {
    kind: "valid",
    values,
    data: {
      caseRef: h.data.case_ref,
      duty: h.data.duty,
      stepFreeNeeded: h.data.step_free === "yes",
      supportNeeds: h.data.support_needs,
      awaiting: h.data.awaiting === "yes",
      members,
    },
  };
}

/** The order in which to show errors: header fields, then each member row. */
export function errorOrder(values: Values): string[] {
  const order = ["_form", "case_ref", "duty", "step_free", "support_needs", "awaiting"];
  for (let i = 0; i < memberCount(values); i++)
    for (const f of ["id", "name", "dob", "relationship", "sex", "pregnant"]) order.push(`m${i}-${f}`);
  return order;
}
