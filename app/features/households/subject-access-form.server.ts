/** The person a subject access request is about, from the search's query string (zod). */
import { z } from "zod";
import { parseDate } from "~/features/import/values";
import type { Person } from "./subject-access.server";

const schema = z.object({
  name: z.string().trim().min(1, "Enter the person's full name").max(200, "The name must be 200 characters or fewer"),
  dob: z
    .string()
    .trim()
    .min(1, "Enter the person's date of birth")
    .transform((s, ctx) => {
      const d = parseDate(s, "The date of birth");
      if (!d.ok) {
        ctx.addIssue({ code: "custom", message: d.reason });
        return z.NEVER;
      }
      return d.value;
    }),
});

export type PersonQuery =
  | { ok: true; person: Person; values: { name: string; dob: string } }
  | { ok: false; errors: Record<string, string>; values: { name: string; dob: string } };

/** Reads ?name=&dob= (the date as DD/MM/YYYY or YYYY-MM-DD). */
export function personFrom(params: URLSearchParams): PersonQuery {
  const values = { name: params.get("name") ?? "", dob: params.get("dob") ?? "" };
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, person: { name: r.data.name, dateOfBirth: r.data.dob }, values };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { ok: false, errors, values };
}
