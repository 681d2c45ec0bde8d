import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/lib/passwords";
import { can, PERMISSIONS } from "~/lib/permissions";

describe("passwords", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });
  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
  it("refuses a malformed stored hash without throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });
});

describe("permissions", () => {
  it("lets only administrators manage users and reference data", () => {
    expect(can("administrator", "manage:users")).toBe(true);
    for (const role of ["officer", "manager", "analyst"] as const) {
      expect(can(role, "manage:users")).toBe(false);
      expect(can(role, "manage:reference")).toBe(false);
    }
  });
  it("keeps analysts from changing placements and officers from editing rates", () => {
    expect(can("analyst", "edit:placements")).toBe(false);
    expect(can("officer", "edit:rates")).toBe(false);
    expect(can("officer", "edit:placements")).toBe(true);
    expect(PERMISSIONS.length).toBeGreaterThan(10);
  });
});
