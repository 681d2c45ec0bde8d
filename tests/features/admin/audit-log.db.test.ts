import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { audit } from "~/lib/audit.server";
import { AUDIT_PAGE_SIZE, auditLog } from "~/features/admin/audit-log.server";

let t: TestDatabase;
let officer: number;
let manager: number;

beforeAll(async () => {
  t = await createTestDatabase();
  const user = (email: string, name: string, role: "officer" | "manager") =>
    t.db.insertInto("users").values({ email, name, role, password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
  officer = (await user("o@example.test", "Olu Officer", "officer")).id;
  manager = (await user("m@example.test", "Mo Manager", "manager")).id;
});
afterAll(async () => {
  await t?.close();
});

describe("the council-wide log of changes", () => {
  it("says what changed in words, with the unit, the dates and a link to the record; filters by who, area and case", async () => {
    const unit = await makeUnit(t.db);
    const h = await makeHousehold(t.db);
    await audit(t.db, {
      userId: officer,
      action: "place",
      entity: "placement",
      entityId: 1,
      householdId: h.id,
      after: { unit_id: unit.id, start_date: "2026-12-01", end_date: null },
    });
    await audit(t.db, {
      userId: manager,
      action: "create",
      entity: "provider",
      entityId: 42,
      after: { name: "Riverside Lodgings", provider_type: "hotel" },
    });
    await audit(t.db, { userId: manager, action: "update", entity: "settings", entityId: "council", after: { council_name: "X" } });

    const all = await auditLog(t.db, {}, { admin: false });
    expect(all.rows.map((r) => [r.who, r.what, r.link])).toEqual([
      ["Mo Manager", "Changed the council's settings", null],
      ["Mo Manager", "Added the provider Riverside Lodgings", { href: "/stock/providers/42", text: "See the record" }],
      ["Olu Officer", `Placed in unit ${unit.unit_ref} from 1 December 2026`, { href: `/households/${h.id}`, text: h.case_ref }],
    ]);
    expect(all.olderFrom).toBeNull();

    expect((await auditLog(t.db, { userId: officer }, { admin: false })).rows.map((r) => r.what)).toEqual([
      `Placed in unit ${unit.unit_ref} from 1 December 2026`,
    ]);
    expect((await auditLog(t.db, { area: "casework" }, { admin: false })).rows).toHaveLength(1);
    expect((await auditLog(t.db, { area: "stock" }, { admin: false })).rows.map((r) => r.what)).toEqual([
      "Added the provider Riverside Lodgings",
    ]);
    expect((await auditLog(t.db, { area: "admin" }, { admin: false })).rows.map((r) => r.what)).toEqual(["Changed the council's settings"]);
    expect((await auditLog(t.db, { area: "money" }, { admin: false })).rows).toEqual([]);
    expect((await auditLog(t.db, { householdId: h.id }, { admin: false })).rows).toHaveLength(1);
  });

  it("pages 100 at a time, newest first, and the next page starts where the last ended", async () => {
    const h = await makeHousehold(t.db);
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++)
      await audit(t.db, { userId: officer, action: "update", entity: "household", entityId: h.id, householdId: h.id });
    const first = await auditLog(t.db, { householdId: h.id }, { admin: true });
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.olderFrom).not.toBeNull();
    const ids = first.rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const second = await auditLog(t.db, { householdId: h.id, before: first.olderFrom! }, { admin: true });
    expect(second.rows).toHaveLength(5);
    expect(second.olderFrom).toBeNull();
    expect(Math.max(...second.rows.map((r) => r.id))).toBeLessThan(Math.min(...ids));
    expect(second.rows[0].what).toBe("Changed the household's details");
  });

  it("links a user's record only for an administrator", async () => {
    await audit(t.db, { userId: manager, action: "create", entity: "user", entityId: officer, after: { name: "Olu Officer" } });
    const mine = (await auditLog(t.db, { area: "admin" }, { admin: false })).rows[0];
    expect(mine.what).toBe("Added the user Olu Officer");
    expect(mine.link).toBeNull();
    expect((await auditLog(t.db, { area: "admin" }, { admin: true })).rows[0].link).toEqual({
      href: `/admin/users/${officer}`,
      text: "See the record",
    });
  });
});
