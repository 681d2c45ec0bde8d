/** Form schemas for reference data and settings (server-only, so zod stays out of the browser). */
import { z } from "zod";

export const taTypeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, "Code must start with a letter and use only lower-case letters, numbers and underscores"),
  name: z.string().trim().min(1, "Enter a name").max(100, "Name must be 100 characters or fewer"),
  ta1_category: z.coerce.number({ error: "Select a TA1 category" }).int().min(1, "Select a TA1 category").max(6, "Select a TA1 category"),
  // Which nights its units are paid for unless a unit says otherwise (issue 18). Not given: unchanged (a new type: occupied nights).
  paid_for: z.enum(["occupied_nights", "every_night"], { error: "Select which nights are paid for" }).optional(),
});

export const councilSettingsSchema = z.object({
  name: z.string().trim().min(1, "Enter the council's name").max(100, "Name must be 100 characters or fewer"),
  gss: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[EWSN]\d{8}$/, "Enter the council's district GSS code, like E08000012"),
});
