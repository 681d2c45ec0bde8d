/**
 * The council-wide log of changes (issue 20, snag 8): every change anyone made, newest first,
 * in the same words as a household's history (describeChange), with a link to the record.
 * Read from the append-only audit trail (app/lib/audit.server.ts); managers and administrators.
 */
import { z } from "zod";
import { withoutControlCharacters } from "~/lib/forms.server";
import type { Conn } from "~/lib/db/connect";
import { describeChange, formatWhen } from "~/features/casework/history";

/** The areas a manager filters by: which kinds of record each covers. Casework is anything on a household's case. */
export const AUDIT_AREAS = {
  casework: { label: "Households and placements", entities: [] as string[] },
  stock: {
    label: "Stock and providers",
    entities: [
      "unit",
      "property",
      "provider",
      "provider_contact",
      "provider_check",
      "inspection",
      "inspection_works",
      "certificate",
      "complaint",
    ],
  },
  money: { label: "Money", entities: ["unit_rate", "unit_charge", "rate_negotiation", "invoice", "budget", "lha_rates"] },
  reports: { label: "Returns, trials and forecasts", entities: ["ta1", "trial", "forecast_scenario"] },
  admin: {
    label: "Users and settings",
    entities: ["user", "settings", "ta_type", "notification_type", "district", "letter_template", "sign_in_throttle", "import"],
  },
} as const;
export type AuditArea = keyof typeof AUDIT_AREAS;

export interface AuditLogFilter {
  userId?: number;
  area?: AuditArea;
  householdId?: number;
  /** Only changes older than this entry (the next page). */
  before?: number;
}

export const AUDIT_PAGE_SIZE = 100;

/** The log's address: bad values fall back to no filter, never a 500. */
const params = z.object({
  who: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
  area: z
    .enum(Object.keys(AUDIT_AREAS) as [AuditArea, ...AuditArea[]])
    .optional()
    .catch(undefined),
  case_ref: z.string().transform(withoutControlCharacters).pipe(z.string().trim().max(60)).optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
});
export const auditLogParams = (search: URLSearchParams) => params.parse(Object.fromEntries(search));

/** Where a record is seen, for a link from the log; null when there is no page for it (or the reader may not open it). */
function recordLink(r: { entity: string; entity_id: string; household_id: number | null; case_ref: string | null }, admin: boolean) {
  if (r.household_id !== null) return { href: `/households/${r.household_id}`, text: r.case_ref ?? `Household ${r.household_id}` };
  const id = /^\d+$/.test(r.entity_id) ? r.entity_id : null;
  if (!id) return null;
  const page: Record<string, string> = {
    unit: "/stock/units/",
    property: "/stock/properties/",
    provider: "/stock/providers/",
    invoice: "/money/invoices/",
    rate_negotiation: "/money/negotiations/",
    trial: "/trials/",
  };
  if (admin) page.user = "/admin/users/";
  return page[r.entity] ? { href: `${page[r.entity]}${id}`, text: "See the record" } : null;
}

export async function auditLog(db: Conn, filter: AuditLogFilter, opts: { admin: boolean }) {
  let q = db
    .selectFrom("audit_events as a")
    .leftJoin("users as u", "u.id", "a.user_id")
    .leftJoin("households as h", "h.id", "a.household_id")
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.household_id",
      "a.before",
      "a.after",
      "u.name as user_name",
      "h.case_ref",
    ]);
  if (filter.userId !== undefined) q = q.where("a.user_id", "=", filter.userId);
  if (filter.householdId !== undefined) q = q.where("a.household_id", "=", filter.householdId);
  if (filter.area === "casework") q = q.where("a.household_id", "is not", null);
  else if (filter.area) q = q.where("a.household_id", "is", null).where("a.entity", "in", [...AUDIT_AREAS[filter.area].entities]);
  if (filter.before !== undefined) q = q.where("a.id", "<", filter.before);
  const rows = await q
    .orderBy("a.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const unitIds = new Set<number>();
  for (const r of page)
    for (const side of [r.before, r.after]) {
      const u = side && typeof side === "object" ? (side as { unit_id?: unknown }).unit_id : undefined;
      if (typeof u === "number") unitIds.add(u);
    }
  const units = unitIds.size
    ? await db
        .selectFrom("units")
        .select(["id", "unit_ref"])
        .where("id", "in", [...unitIds])
        .execute()
    : [];
  const unitRef = new Map(units.map((u) => [u.id, u.unit_ref]));
  return {
    rows: page.map((r) => ({
      id: r.id,
      at: formatWhen(r.at),
      who: r.user_name ?? "The system or the command line",
      what: describeChange(r, (id) => unitRef.get(id)),
      link: recordLink(r, opts.admin),
    })),
    /** The id to ask for older changes from, when there are any. */
    olderFrom: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1].id : null,
  };
}
