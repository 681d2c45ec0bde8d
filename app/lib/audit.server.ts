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
