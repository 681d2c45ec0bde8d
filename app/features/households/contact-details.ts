/**
 * The case file's contact details (issue 20, item 1): how to reach the household, where they
 * are and were, their local connection, and vulnerability needs with who may see them. Pure:
 * the form's zod schema with GOV.UK messages, UK phone numbers, and the rule for sensitive
 * needs (ADR 0028). The writes are in contact-details.server.ts.
 */
import { z } from "zod";
import type { HouseholdsTable } from "~/lib/db/schema";
import { can } from "~/lib/permissions";
import { PREFERRED_CONTACTS, codesOf, type PreferredContact, type Role } from "~/lib/vocabulary";

/**
 * The household's own columns that hold personal data, for subject access and for a later
 * retention or anonymisation step: what to blank when a case is closed long enough. Members'
 * names and dates of birth are in household_members, notes in case_notes.body, contacts'
 * notes in contacts.note.
 */
export const HOUSEHOLD_PERSONAL_FIELDS = [
  "phone",
  "email",
  "preferred_contact",
  "language",
  "interpreter_needed",
  "current_address",
  "previous_address",
  "local_connection",
  "local_connection_gss",
  "support_needs",
  "step_free_needed",
  "vulnerability_needs",
  "vulnerability_sensitive",
] as const satisfies readonly (keyof HouseholdsTable)[];

export const PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192";
export const EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com";

/**
 * A UK telephone number in one written form, or null when it is not one. Spaces, hyphens, dots
 * and brackets are ignored; +44, 0044 and "+44 (0)" become the leading 0. Accepted: 01 and 02
 * (geographic), 03 (non-geographic at local rates), 07 (mobiles) and 08 (freephone and
 * business rates). Grouped as Ofcom writes them: 020 7946 0000, 0161 496 0000,
 * 01632 960001, 07700 900982, 0300 123 4567.
 */
export function normaliseUkPhone(raw: string): string | null {
  let s = raw.replace(/\s+/g, "");
  s = s.replace(/^(\+44|0044)\(0\)/, "$1");
  if (/[^\d+\-().]/.test(s)) return null;
  s = s.replace(/[-().]/g, "");
  if (s.startsWith("+44")) s = "0" + s.slice(3);
  else if (s.startsWith("0044")) s = "0" + s.slice(4);
  if (!/^0\d+$/.test(s)) return null;
  const ok = /^01\d{8,9}$/.test(s) || /^02\d{9}$/.test(s) || /^03\d{9}$/.test(s) || /^07\d{9}$/.test(s) || /^08\d{8,9}$/.test(s);
  if (!ok) return null;
  const g = (...sizes: number[]) => {
    const out: string[] = [];
    let i = 0;
    for (const n of sizes) {
      out.push(s.slice(i, i + n));
      i += n;
    }
    if (i < s.length) out[out.length - 1] += s.slice(i);
    return out.join(" ");
  };
  if (s.startsWith("02")) return g(3, 4, 4);
  if (/^01\d1/.test(s) || /^011/.test(s)) return g(4, 3, 4);
  if (s.startsWith("03") || s.startsWith("08")) return s.length === 11 ? g(4, 3, 4) : g(4, 6);
  return g(5, 6);
}

/** A mobile, which can take a text message: 07, but not 070 (personal numbers) or 076 (pagers). */
export const isUkMobile = (normalised: string) => /^07[1-57-9]/.test(normalised);

const text = (max: number, what: string) => z.string().trim().max(max, `${what} must be ${max} characters or fewer`).default("");

/** The contact details form, in GOV.UK words. Field names are the households columns where they can be. */
export const contactDetailsSchema = z
  .object({
    phone: z
      .string()
      .trim()
      .default("")
      .transform((v, ctx) => {
        if (v === "") return "";
        const n = normaliseUkPhone(v);
        if (n === null) {
          ctx.addIssue({ code: "custom", message: PHONE_MESSAGE });
          return z.NEVER;
        }
        return n;
      }),
    email: z
      .string()
      .trim()
      .max(254, "Email address must be 254 characters or fewer")
      .default("")
      .refine((v) => v === "" || z.email().safeParse(v).success, EMAIL_MESSAGE),
    preferred_contact: z
      .string()
      .default("")
      .pipe(
        z.union([z.literal("").transform(() => null), z.enum(codesOf(PREFERRED_CONTACTS))], {
          error: "Select how the household prefers to be contacted",
        }),
      ),
    language: text(60, "Language"),
    interpreter: z.enum(["yes", "no"], { error: "Select yes if the household needs an interpreter" }),
    current_address: text(500, "Current address"),
    previous_address: text(500, "Previous address"),
    local_connection: text(500, "Local connection"),
    local_connection_gss: z
      .string()
      .trim()
      .toUpperCase()
      .default("")
      .pipe(
        z.union([z.literal("").transform(() => null), z.string().regex(/^E0[6-9]\d{6}$/, "Select a district from the list")], {
          error: "Select a district from the list",
        }),
      ),
    vulnerability_needs: text(2000, "Vulnerability needs"),
    vulnerability_sensitive: z
      .string()
      .optional()
      .transform((v) => v === "yes"),
  })
  .superRefine(
    (v, ctx) => {
      // Runs even when another field is wrong, so every problem is reported at once (a field that
      // failed is not a string here: it has its own message already).
      const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      const str = (x: unknown): x is string => typeof x === "string";
      if (v.preferred_contact === "phone" && v.phone === "")
        need("phone", "Enter a telephone number to contact the household by phone, or choose another way");
      if (v.preferred_contact === "text" && str(v.phone) && (v.phone === "" || !isUkMobile(v.phone)))
        need("phone", "Enter a mobile number, like 07700 900 982, to contact the household by text message, or choose another way");
      if (v.preferred_contact === "email" && v.email === "")
        need("email", "Enter an email address to contact the household by email, or choose another way");
      if (v.preferred_contact === "post" && v.current_address === "")
        need("current_address", "Enter the current address to contact the household by post, or choose another way");
      if (v.interpreter === "yes" && v.language === "") need("language", "Enter the language the interpreter is needed for");
    },
    { when: () => true },
  );

export type ContactDetailsForm = z.output<typeof contactDetailsSchema>;

/** The order of the form's fields, for the error summary. */
export const CONTACT_DETAILS_ORDER = [
  "phone",
  "email",
  "preferred_contact",
  "language",
  "interpreter",
  "current_address",
  "previous_address",
  "local_connection",
  "local_connection_gss",
  "vulnerability_needs",
  "vulnerability_sensitive",
];

export interface ContactDetailsInput {
  phone: string;
  email: string;
  preferredContact: PreferredContact | null;
  language: string;
  interpreterNeeded: boolean;
  currentAddress: string;
  previousAddress: string;
  localConnection: string;
  localConnectionGss: string | null;
  /** Left as they are when the person saving may not see them (ADR 0028). */
  vulnerabilityNeeds: string;
  vulnerabilitySensitive: boolean;
}

export const toContactDetailsInput = (f: ContactDetailsForm): ContactDetailsInput => ({
  phone: f.phone,
  email: f.email,
  preferredContact: f.preferred_contact,
  language: f.language,
  interpreterNeeded: f.interpreter === "yes",
  currentAddress: f.current_address,
  previousAddress: f.previous_address,
  localConnection: f.local_connection,
  localConnectionGss: f.local_connection_gss,
  vulnerabilityNeeds: f.vulnerability_needs,
  vulnerabilitySensitive: f.vulnerability_sensitive,
});

/** Who is looking: the signed-in user. */
export interface Viewer {
  id: number;
  role: Role;
}

/**
 * May this person read the household's vulnerability needs? Needs not marked sensitive: anyone
 * who may open the case. Sensitive: managers and administrators, and the household's case
 * officer (ADR 0028). Everyone else is told to ask the case officer.
 */
export function maySeeVulnerability(viewer: Viewer | null, household: { officer_id: number | null; vulnerability_sensitive: boolean }) {
  if (!household.vulnerability_sensitive) return true;
  if (!viewer) return false;
  return can(viewer.role, "view:sensitive-needs") || (household.officer_id !== null && household.officer_id === viewer.id);
}

export const RESTRICTED = "Restricted: ask the case officer";
