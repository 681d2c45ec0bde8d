import { z } from "zod";

/** Query-string parameters for lists: bad values fall back to the defaults, never a 500. */
export const searchParamsSchema = z.object({
  q: z.string().max(200).optional().default(""),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});
