/**
 * Zod schemas for inspections, certificates, fit-and-proper checks, provider contacts and
 * complaints (issue 21). Bad input (a grade outside A to E, an inspection in the future, an
 * expiry before the issue date) is refused here with the GOV.UK wording; nothing is saved.
 */
import { z } from "zod";
import { dateField, govukDate, optionalText, requiredText, type Values } from "~/lib/forms.server";
import {
  CERTIFICATE_KINDS,
  CERTIFICATE_TERM_MONTHS,
  COMPLAINT_KINDS,
  COMPLAINT_OUTCOMES,
  INSPECTION_GRADES,
  PROVIDER_CHECK_OUTCOMES,
  codesOf,
  type CertificateKind,
} from "~/lib/vocabulary";
import { addMonths, formatDate, type IsoDate } from "~/lib/dates";

/** Works an inspection can require at once on the form (more: record another inspection). */
export const WORK_SLOTS = 3;

const withDates =
  (...names: string[]) =>
  (v: Values) => {
    const out: Record<string, unknown> = { ...v };
    for (const n of names) out[n] = dateField(v, n);
    return out;
  };

/** The unit an inspection or certificate is about: "" is the whole property. */
const unitChoice = z
  .string()
  .optional()
  .default("")
  .refine((s) => s === "" || /^\d{1,15}$/.test(s), "Choose the whole property or one of its units")
  .transform((s) => (s === "" ? null : Number(s)));

/** A date field that parsed (a field refused has no date; its own message is already given). */
const ok = (d: unknown): d is IsoDate => typeof d === "string";
const notAfter = (today: IsoDate, what: string) => (d: unknown) => !ok(d) || d <= today || `${what} must be today or in the past`;
/**
 * Run the checks across fields even when a field is refused, so the error summary lists every
 * problem at once (GOV.UK); each check looks only at fields that parsed.
 */
const ALWAYS = { when: () => true };

export function inspectionSchema(today: IsoDate) {
  const works = Object.fromEntries(
    Array.from({ length: WORK_SLOTS }, (_, i) => [
      [`work${i + 1}`, optionalText(500)],
      [`work${i + 1}Due`, govukDate("date the works are due", { optional: true })],
    ]).flat(),
  ) as Record<string, z.ZodType>;
  return z
    .object({
      unit: unitChoice,
      inspected: govukDate("inspection date"),
      inspector: requiredText("Enter who inspected the property"),
      grade: z.enum(codesOf(INSPECTION_GRADES), { error: "Select the grade, from A to E" }),
      findings: optionalText(4000),
      reinspect: govukDate("re-inspection date", { optional: true }),
      ...works,
    })
    .superRefine((v, ctx) => {
      const inspected: unknown = v.inspected;
      const future = notAfter(today, "The inspection date")(inspected);
      if (future !== true) ctx.addIssue({ code: "custom", path: ["inspected"], message: future });
      const re: unknown = v.reinspect;
      if (ok(re) && ok(inspected) && re <= inspected)
        ctx.addIssue({ code: "custom", path: ["reinspect"], message: "The re-inspection date must be after the inspection date" });
      for (let i = 1; i <= WORK_SLOTS; i++) {
        const text: unknown = v[`work${i}` as keyof typeof v];
        const due: unknown = v[`work${i}Due` as keyof typeof v];
        if (typeof text === "string" && text && due === null)
          ctx.addIssue({ code: "custom", path: [`work${i}Due`], message: "Enter the date the works are due" });
        if (text === "" && ok(due))
          ctx.addIssue({ code: "custom", path: [`work${i}`], message: "Enter the works that are due on this date" });
        if (ok(due) && ok(inspected) && due < inspected)
          ctx.addIssue({
            code: "custom",
            path: [`work${i}Due`],
            message: "The date the works are due must be on or after the inspection date",
          });
      }
    }, ALWAYS)
    .transform((v) => ({
      unitId: v.unit,
      inspectedOn: v.inspected as IsoDate,
      inspector: v.inspector,
      grade: v.grade,
      findings: v.findings,
      reinspectOn: v.reinspect as IsoDate | null,
      works: Array.from({ length: WORK_SLOTS }, (_, i) => ({
        description: v[`work${i + 1}` as keyof typeof v] as string,
        dueOn: v[`work${i + 1}Due` as keyof typeof v] as IsoDate | null,
      }))
        .filter((w) => w.description && w.dueOn)
        .map((w) => ({ description: w.description, dueOn: w.dueOn! })),
    }));
}
export const prepareInspection = withDates("inspected", "reinspect", ...Array.from({ length: WORK_SLOTS }, (_, i) => `work${i + 1}Due`));

/** The expiry a certificate of this kind usually has from its issue date (when left blank). */
export const usualExpiry = (kind: CertificateKind, issuedOn: IsoDate): IsoDate => addMonths(issuedOn, CERTIFICATE_TERM_MONTHS[kind]);

export function certificateSchema(today: IsoDate) {
  return z
    .object({
      unit: unitChoice,
      kind: z.enum(codesOf(CERTIFICATE_KINDS), { error: "Select the kind of certificate" }),
      issued: govukDate("issue date"),
      expires: govukDate("expiry date", { optional: true }),
      reference: optionalText(100),
    })
    .superRefine((v, ctx) => {
      const future = notAfter(today, "The issue date")(v.issued);
      if (future !== true) ctx.addIssue({ code: "custom", path: ["issued"], message: future });
      if (ok(v.expires) && ok(v.issued) && v.expires <= v.issued)
        ctx.addIssue({
          code: "custom",
          path: ["expires"],
          message: `The expiry date must be after the issue date (${formatDate(v.issued)})`,
        });
    }, ALWAYS)
    .transform((v) => ({
      unitId: v.unit,
      kind: v.kind,
      issuedOn: v.issued!,
      expiresOn: v.expires ?? usualExpiry(v.kind, v.issued!),
      reference: v.reference,
    }));
}
export const prepareCertificate = withDates("issued", "expires");

export const completeWorksSchema = (today: IsoDate) =>
  z
    .object({
      worksId: z.coerce.number({ error: "Choose the works" }).int().positive("Choose the works"),
      completed: govukDate("date the works were completed"),
    })
    .superRefine((v, ctx) => {
      const future = notAfter(today, "The date the works were completed")(v.completed);
      if (future !== true) ctx.addIssue({ code: "custom", path: ["completed"], message: future });
    }, ALWAYS);
export const prepareCompleteWorks = withDates("completed");

export function providerCheckSchema(today: IsoDate) {
  return z
    .object({
      checked: govukDate("date of the check"),
      outcome: z.enum(codesOf(PROVIDER_CHECK_OUTCOMES), { error: "Select the outcome of the check" }),
      checkedBy: requiredText("Enter who made the check"),
      note: optionalText(2000),
      nextDue: govukDate("date the next check is due", { optional: true }),
    })
    .superRefine((v, ctx) => {
      const future = notAfter(today, "The date of the check")(v.checked);
      if (future !== true) ctx.addIssue({ code: "custom", path: ["checked"], message: future });
      if (ok(v.nextDue) && ok(v.checked) && v.nextDue <= v.checked)
        ctx.addIssue({ code: "custom", path: ["nextDue"], message: "The next check must be due after the date of this check" });
    }, ALWAYS);
}
export const prepareProviderCheck = withDates("checked", "nextDue");

export const providerContactSchema = z.object({
  contactName: requiredText("Enter the contact's name"),
  contactRole: optionalText(200),
  contactEmail: z
    .string()
    .trim()
    .max(200)
    .optional()
    .default("")
    .refine((s) => s === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), "Enter an email address in the correct format, like name@example.com"),
  contactPhone: optionalText(40),
});

export function complaintSchema(today: IsoDate) {
  return z
    .object({
      kind: z.enum(codesOf(COMPLAINT_KINDS), { error: "Select what the complaint is about" }),
      received: govukDate("date the complaint was made"),
      details: requiredText("Enter what the household complained about", 2000),
      outcome: z.enum(codesOf(COMPLAINT_OUTCOMES), { error: "Select the outcome" }).optional().default("open"),
      outcomeOn: govukDate("date of the outcome", { optional: true }),
      outcomeNote: optionalText(2000),
      inspection: z
        .string()
        .optional()
        .transform((s) => s === "yes"),
    })
    .superRefine((v, ctx) => {
      const future = notAfter(today, "The date the complaint was made")(v.received);
      if (future !== true) ctx.addIssue({ code: "custom", path: ["received"], message: future });
      if (typeof v.outcome === "string" && v.outcome !== "open" && v.outcomeOn === null)
        ctx.addIssue({ code: "custom", path: ["outcomeOn"], message: "Enter the date of the outcome" });
      if (v.outcome === "open" && ok(v.outcomeOn))
        ctx.addIssue({ code: "custom", path: ["outcome"], message: "Select the outcome, or leave the date of the outcome empty" });
      if (ok(v.outcomeOn) && ok(v.received) && v.outcomeOn < v.received)
        ctx.addIssue({ code: "custom", path: ["outcomeOn"], message: "The outcome must be on or after the date the complaint was made" });
      const f = notAfter(today, "The date of the outcome")(v.outcomeOn);
      if (f !== true) ctx.addIssue({ code: "custom", path: ["outcomeOn"], message: f });
    }, ALWAYS);
}
export const prepareComplaint = withDates("received", "outcomeOn");

export function complaintOutcomeSchema(today: IsoDate) {
  return z
    .object({
      complaintId: z.coerce.number({ error: "Choose the complaint" }).int().positive("Choose the complaint"),
      decision: z.enum(["upheld", "partly_upheld", "not_upheld"], { error: "Select the outcome" }),
      decidedOn: govukDate("date of the outcome"),
      decisionNote: optionalText(2000),
    })
    .superRefine((v, ctx) => {
      const f = notAfter(today, "The date of the outcome")(v.decidedOn);
      if (f !== true) ctx.addIssue({ code: "custom", path: ["decidedOn"], message: f });
    }, ALWAYS);
}
export const prepareComplaintOutcome = withDates("decidedOn");

/** Whether a property needs an HMO licence (Housing Act 2004, Part 2). */
export const hmoLicenceSchema = z.object({ required: z.enum(["yes", "no"]).transform((v) => v === "yes") });
