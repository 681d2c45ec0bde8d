/** The append-only audit trail: who, when, what, before and after. */
import type { Conn } from "~/lib/db/connect";

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  householdId?: number | null;
  before?: unknown;
  after?: unknown;
}

export async function audit(db: Conn, e: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      user_id: e.userId,
      action: e.action,
      entity: e.entity,
      entity_id: String(e.entityId),
      household_id: e.householdId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
}

export async function auditFor(db: Conn, where: { householdId?: number; entity?: string; entityId?: string }) {
  let q = db
    .selectFrom("audit_events as a")
    .leftJoin("users as u", "u.id", "a.user_id")
    .select(["a.id", "a.at", "a.action", "a.entity", "a.entity_id", "a.before", "a.after", "u.name as user_name"]);
  if (where.householdId !== undefined) q = q.where("a.household_id", "=", where.householdId);
  if (where.entity !== undefined) q = q.where("a.entity", "=", where.entity);
  if (where.entityId !== undefined) q = q.where("a.entity_id", "=", where.entityId);
  return q.orderBy("a.id", "desc").limit(200).execute();
}

/** What was looked at: a household's page, a letter, or a download of personal data. */
export type ViewKind = "household" | "letter" | "export";

/** Logs that someone looked (who looked is kept like who changed: issue 22, migration 0052). */
export async function recordView(db: Conn, v: { userId: number | null; what: ViewKind; householdId?: number | null; detail?: string }) {
  await db
    .insertInto("record_views")
    .values({ user_id: v.userId, what: v.what, household_id: v.householdId ?? null, detail: v.detail ?? "" })
    .execute();
}

/** The latest views, newest first: of one household, or (no household) of every record. */
export async function viewsFor(db: Conn, where: { householdId?: number; limit?: number }) {
  let q = db
    .selectFrom("record_views as v")
    .leftJoin("users as u", "u.id", "v.user_id")
    .leftJoin("households as h", "h.id", "v.household_id")
    .select(["v.id", "v.at", "v.what", "v.detail", "v.household_id", "h.case_ref", "u.name as user_name", "u.email as user_email"]);
  if (where.householdId !== undefined) q = q.where("v.household_id", "=", where.householdId);
  return q
    .orderBy("v.id", "desc")
    .limit(where.limit ?? 200)
    .execute();
}
