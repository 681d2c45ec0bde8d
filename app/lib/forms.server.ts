/**
 * Form parsing with zod. Errors come back as { field: message } in GOV.UK wording,
 * with the user's input kept so the form can be shown again.
 */
import { z } from "zod";
import { dateFromParts, type IsoDate } from "~/lib/dates";

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T; values: Values } | { ok: false; errors: Errors; values: Values };

/**
 * Control characters other than tab, line feed and carriage return. None belongs in a form
 * or a search, and PostgreSQL refuses NUL in text (a NUL in any free-text field was a 500).
 */
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "");
}

/** A 400 page: the request was not a form this app can read. */
export function badRequest(): Response {
  return new Response("The form could not be read", { status: 400 });
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The posted form, the one way every action reads one: a body that is not a form (JSON, a
 * malformed multipart body) is a 400 page rather than a 500, and control characters are
 * taken out of every name and value here, so no form needs to think of them.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) throw badRequest();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest();
  }
  const clean = new FormData();
  for (const [name, value] of form.entries()) {
    clean.append(withoutControlCharacters(name), typeof value === "string" ? withoutControlCharacters(value) : value);
  }
  return clean;
}

/** The form's fields as strings; a repeated field keeps the last value unless listed as multi. */
export function formValues(form: FormData): Values {
  const values: Values = {};
  for (const [k, v] of form.entries()) {
    if (typeof v === "string") values[k] = v.slice(0, 20_000);
  }
  return values;
}

export function parseForm<S extends z.ZodType>(
  form: FormData,
  schema: S,
  prepare?: (v: Values) => Record<string, unknown>,
): FormResult<z.output<S>> {
  const values = formValues(form);
  const input = prepare ? prepare(values) : values;
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data, values };
  return { ok: false, errors: zodErrors(result.error), values };
}

export function zodErrors(error: z.ZodError): Errors {
  const errors: Errors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    if (!errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** Reads a GOV.UK date input (name-day, name-month, name-year). */
export function dateField(values: Values, name: string) {
  return {
    day: (values[`${name}-day`] ?? "").trim(),
    month: (values[`${name}-month`] ?? "").trim(),
    year: (values[`${name}-year`] ?? "").trim(),
  };
}

/**
 * A zod schema for a GOV.UK date input, with the design system's messages:
 * "Enter the start date", "Start date must include a month", "Start date must be a real date".
 */
export function govukDate(label: string, opts: { optional?: boolean } = {}) {
  const Label = label.charAt(0).toUpperCase() + label.slice(1);
  return z.object({ day: z.string(), month: z.string(), year: z.string() }).transform((p, ctx): IsoDate | null => {
    const empty = [p.day, p.month, p.year].filter((x) => x === "").length;
    if (empty === 3) {
      if (opts.optional) return null;
      ctx.addIssue({ code: "custom", message: `Enter the ${label}` });
      return z.NEVER;
    }
    const missing = (["day", "month", "year"] as const).filter((k) => p[k] === "");
    if (missing.length) {
      ctx.addIssue({ code: "custom", message: `${Label} must include a ${missing.join(" and ")}` });
      return z.NEVER;
    }
    if (!/^\d{4}$/.test(p.year)) {
      ctx.addIssue({ code: "custom", message: `Year must include 4 numbers` });
      return z.NEVER;
    }
    const iso = dateFromParts(p.day, p.month, p.year);
    if (!iso) {
      ctx.addIssue({ code: "custom", message: `${Label} must be a real date` });
      return z.NEVER;
    }
    if (iso < "1900-01-01" || iso > "2100-12-31") {
      ctx.addIssue({ code: "custom", message: `${Label} must be between 1900 and 2100` });
      return z.NEVER;
    }
    return iso;
  });
}

export const requiredText = (message: string, max = 200) =>
  z.string({ error: message }).trim().min(1, message).max(max, `Must be ${max} characters or fewer`);

export const optionalText = (max = 2000) => z.string().trim().max(max, `Must be ${max} characters or fewer`).optional().default("");

export const yesNo = (message: string) => z.enum(["yes", "no"], { error: message }).transform((v) => v === "yes");

/** An id: digits only ("1e3", "0x1", " 12" and "12.0" are not ids), positive and exact. */
export const idParam = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.string().regex(/^\d{1,15}$/))
  .transform(Number)
  .pipe(z.number().int().positive());

/** Parses a route param as a positive id, or a 404. */
export function parseId(value: string | undefined): number {
  const r = idParam.safeParse(value);
  if (!r.success) throw new Response("Not Found", { status: 404 });
  return r.data;
}
