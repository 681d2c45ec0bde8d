/** Zod schemas for the casework forms, with GOV.UK messages (kept out of route modules so zod stays on the server). */
import { z } from "zod";
import { govukDate, dateField, type Values } from "~/lib/forms.server";
import { MOVE_ON_PATHWAYS, NOTICE_METHODS, REVIEW_OUTCOMES, codesOf } from "~/lib/vocabulary";

const id = z.string().regex(/^\d{1,15}$/);

export const moveOnSchema = z.object({
  pathway: z.enum(codesOf(MOVE_ON_PATHWAYS), { error: "Select the move-on pathway" }),
  target: govukDate("target date"),
  next_action: z.string().trim().max(2000, "Next action must be 2000 characters or fewer").default(""),
  owner: z
    .string({ error: "Select who owns the plan" })
    .regex(/^\d{1,15}$/, "Select who owns the plan")
    .transform(Number),
});
export const prepareMoveOn = (v: Values) => ({ ...v, target: dateField(v, "target") });

export const noticeSchema = z.object({
  sent_on: govukDate("date sent"),
  sent_to: z.string().trim().min(1, "Enter the receiving council").max(200, "Receiving council must be 200 characters or fewer"),
  method: z.enum(codesOf(NOTICE_METHODS), { error: "Select how the notice was sent" }),
});
export const prepareNotice = (v: Values) => ({ ...v, sent_on: dateField(v, "sent_on") });

export const reviewSchema = z.object({
  placement: z
    .string()
    .default("")
    .pipe(z.union([z.literal("").transform(() => null), id.transform(Number)], { error: "Select a placement of this household" })),
  offered_on: govukDate("date of the offer"),
  requested_on: govukDate("date of the request"),
  notes: z.string().trim().max(2000, "Notes must be 2000 characters or fewer").default(""),
});
export const prepareReview = (v: Values) => ({ ...v, offered_on: dateField(v, "offered_on"), requested_on: dateField(v, "requested_on") });

export const decisionSchema = z.object({
  outcome: z.enum(codesOf(REVIEW_OUTCOMES), { error: "Select the outcome of the review" }),
  decided_on: govukDate("date of the decision"),
});
export const prepareDecision = (v: Values) => ({ ...v, decided_on: dateField(v, "decided_on") });

export const notificationTypeSchema = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter a code")
    .regex(
      /^[a-z][a-z0-9_]{0,39}$/,
      "Code must start with a letter and only include lower case letters, numbers and underscores, up to 40 characters",
    ),
  name: z.string().trim().min(1, "Enter a name").max(200, "Name must be 200 characters or fewer"),
  active: z.enum(["yes", "no"], { error: "Select whether officers can use this type" }).transform((v) => v === "yes"),
});

export const applicationSchema = z.object({ start_date: govukDate("date the application started") });
export const prepareApplication = (v: Values) => ({ ...v, start_date: dateField(v, "start_date") });
