import { z } from "zod";
import { withoutControlCharacters } from "~/lib/forms.server";

/** Query-string parameters for lists: bad values fall back to the defaults, never a 500. */
export const searchParamsSchema = z.object({
  q: z.string().max(200).transform(withoutControlCharacters).optional().default(""),
  page: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(100_000))
    .optional()
    .default(1),
});
