/** Zod schemas for the stock and placement forms (server only, so zod stays out of the browser). */
import { z } from "zod";
import { dateField, govukDate, idParam, optionalText, requiredText, yesNo, type Values } from "~/lib/forms.server";
import { DESTINATIONS, PLACEMENT_DECISIONS, PROVIDER_TYPES, codesOf, type Destination, type PlacementDecision } from "~/lib/vocabulary";
import { dateToParts, type IsoDate } from "~/lib/dates";

const withDates =
  (...names: string[]) =>
  (v: Values) => {
    const out: Record<string, unknown> = { ...v };
    for (const n of names) out[n] = dateField(v, n);
    return out;
  };

/* ------------------------------------------------------------ find a unit */

export const findUnitSchema = z.object({
  start: govukDate("start date"),
  nights: z
    .string()
    .trim()
    .max(10)
    .optional()
    .default("")
    .refine((s) => s === "" || /^\d+$/.test(s), "Expected nights must be a whole number, like 28")
    .transform((s) => (s === "" ? null : Number(s)))
    .refine((n) => n === null || (n >= 1 && n <= 3650), "Expected nights must be between 1 and 3650"),
  type: z.string().max(40).optional().default(""),
  district: z.enum(["any", "in", "out"]).optional().catch("any").default("any"),
  stepfree: z
    .string()
    .optional()
    .transform((s) => s === "yes"),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1).default(1),
});
export const prepareFindUnit = withDates("start");
/** The search form's boxes with the start date filled in, for a first visit. */
export const startValues = (day: IsoDate): Values => {
  const p = dateToParts(day);
  return { "start-day": p.day, "start-month": p.month, "start-year": p.year };
};

/* --------------------------------------------------------------- placing */

/** Why a household is placed in a unit that does not suit it (checked against the unit by placeHousehold). */
const decisionFields = {
  decision: z.enum(codesOf(PLACEMENT_DECISIONS), { error: "Select why you are placing the household there" }).optional(),
  decisionNote: optionalText(1000),
};
/** The decision for placeHousehold/transferHousehold: undefined when none was chosen. */
export const decisionOf = (f: { decision?: PlacementDecision; decisionNote: string }) =>
  f.decision ? { reason: f.decision, note: f.decisionNote } : undefined;

export const placeSchema = z.object({
  unitId: idParam,
  start: govukDate("start date"),
  end: govukDate("end date", { optional: true }),
  split: z
    .string()
    .optional()
    .transform((s) => s === "yes"),
  ...decisionFields,
});
export const preparePlace = withDates("start", "end");

export const transferSchema = z.object({
  unitId: idParam,
  date: govukDate("date of the move"),
  ...decisionFields,
});
export const prepareTransfer = withDates("date");

const destinationKeys = codesOf(DESTINATIONS);

/**
 * Ending a placement that started on `start`. Every check runs on every submission
 * (`when`), so the form lists all its problems at once, not one per attempt.
 */
export const endSchema = (start: IsoDate) =>
  z
    .object({
      end: govukDate("end date"),
      leaving: z.enum(["leaves", "moves"], { error: "Select whether the household is leaving temporary accommodation" }),
      destination: z.string().optional().default(""),
      reason: requiredText("Enter why the placement is ending", 500),
    })
    .superRefine(
      (v, ctx) => {
        if (typeof v.end === "string" && v.end <= start) {
          ctx.addIssue({ code: "custom", path: ["end"], message: "End date must be after the start date" });
        }
        if (v.leaving === "leaves" && !destinationKeys.includes(v.destination as Destination)) {
          ctx.addIssue({ code: "custom", path: ["destination"], message: "Select where the household went" });
        }
        if (v.leaving === "moves" && v.destination) {
          ctx.addIssue({
            code: "custom",
            path: ["destination"],
            message: "Do not give a destination when the household moves to another placement",
          });
        }
      },
      { when: () => true },
    )
    .transform((v) => ({ ...v, destination: v.leaving === "leaves" ? (v.destination as Destination) : null }));
export const prepareEnd = withDates("end");

export const correctSchema = z
  .object({
    start: govukDate("start date"),
    end: govukDate("end date", { optional: true }),
    reason: requiredText("Enter why the dates are being corrected", 500),
  })
  .refine((v) => v.end === null || v.start === null || v.end > v.start, {
    path: ["end"],
    message: "End date must be after the start date",
  });
export const prepareCorrect = withDates("start", "end");

export const cancelSchema = z.object({ reason: requiredText("Enter why the placement is being cancelled", 500) });

/* ----------------------------------------------------------------- stock */

const providerTypeKeys = codesOf(PROVIDER_TYPES);

export const providerSchema = z.object({
  name: requiredText("Enter the provider's name"),
  providerType: z.enum(providerTypeKeys, { error: "Select the type of provider" }),
  email: z
    .string()
    .trim()
    .max(200)
    .optional()
    .default("")
    .refine((s) => s === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), "Enter an email address in the correct format, like name@example.com"),
  phone: optionalText(40),
});

export const propertySchema = z.object({
  providerId: z.coerce.number({ error: "Select a provider" }).int().positive("Select a provider"),
  name: requiredText("Enter the property's name"),
  addressLine1: requiredText("Enter the first line of the address"),
  town: requiredText("Enter the town or city"),
  postcode: z
    .string({ error: "Enter the postcode" })
    .trim()
    .min(1, "Enter the postcode")
    .refine((s) => /^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/.test(s), "Enter a real postcode, like L1 1AA"),
  districtGss: z
    .string({ error: "Enter the district's GSS code" })
    .trim()
    .min(1, "Enter the district's GSS code")
    .refine((s) => /^[EWSNewsn]\d{8}$/.test(s), "Enter the district's GSS code, like E08000012"),
  brma: optionalText(100),
});

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .refine((s) => /^\d+$/.test(s), `The ${what} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `The ${what} must be between ${min} and ${max}`);

export const unitSchema = z.object({
  propertyId: z.coerce.number({ error: "Select a property" }).int().positive("Select a property"),
  unitRef: requiredText("Enter the unit reference", 60),
  name: optionalText(200),
  taTypeCode: requiredText("Select the type of accommodation", 40),
  bedrooms: wholeNumber("number of bedrooms", 0, 10),
  maxOccupants: wholeNumber("maximum number of people", 1, 20),
  sharedKitchen: yesNo("Select whether the kitchen is shared"),
  sharedBathroom: yesNo("Select whether the bathroom is shared"),
  sharedToilet: yesNo("Select whether the toilet is shared"),
  stepFree: yesNo("Select whether the unit has step-free access"),
  inUseFrom: govukDate("date the unit comes into use", { optional: true }),
});
export const prepareUnit = withDates("inUseFrom");

export const outOfServiceSchema = z
  .object({
    start: govukDate("start date"),
    end: govukDate("end date", { optional: true }),
    reason: requiredText("Enter why the unit is out of service", 500),
  })
  .refine((v) => v.end === null || v.start === null || v.end > v.start, {
    path: ["end"],
    message: "End date must be after the start date",
  });
export const prepareOutOfService = withDates("start", "end");

export const retireSchema = z.object({ retiredOn: govukDate("retirement date") });
export const prepareRetire = withDates("retiredOn");
