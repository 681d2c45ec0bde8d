/**
 * The sign-in throttle (app/features/admin/sign-in-throttle.server.ts): tries are reserved
 * atomically, so fifty at once get no more than the free tries; an account tried too often
 * from one address waits there and only there; an administrator can clear it.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../support/harness";
import {
  ANY_ACCOUNT,
  clearThrottle,
  currentThrottles,
  FREE_PER_ACCOUNT,
  FREE_PER_ADDRESS,
  reserveSignIn,
  signInSucceeded,
} from "~/features/admin/sign-in-throttle.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.db.deleteFrom("sign_in_throttles").execute();
});

it("fifty simultaneous tries at one account from one address reserve only the free tries", async () => {
  const results = await Promise.all(Array.from({ length: 50 }, () => reserveSignIn(t.db, "a@example.test", "192.0.2.1")));
  expect(results.filter((r) => r.ok)).toHaveLength(FREE_PER_ACCOUNT);
  for (const r of results) if (!r.ok) expect(r.waitSeconds).toBeGreaterThanOrEqual(1);
});

it("an account throttled from one address is not throttled from another, and an address waits after its free tries at any accounts", async () => {
  for (let i = 0; i < FREE_PER_ACCOUNT; i++) expect((await reserveSignIn(t.db, "b@example.test", "192.0.2.1")).ok).toBe(true);
  const refused = await reserveSignIn(t.db, "b@example.test", "192.0.2.1");
  expect(refused).toEqual({ ok: false, waitSeconds: 60 });
  expect((await reserveSignIn(t.db, "b@example.test", "198.51.100.7")).ok).toBe(true);
  // the same address at other accounts, up to its own limit
  for (let i = FREE_PER_ACCOUNT; i < FREE_PER_ADDRESS; i++)
    expect((await reserveSignIn(t.db, `u${i}@example.test`, "192.0.2.1")).ok).toBe(true);
  expect((await reserveSignIn(t.db, "fresh@example.test", "192.0.2.1")).ok).toBe(false);
});

it("the wait doubles after each try once it has begun, up to 15 minutes", async () => {
  const waits: number[] = [];
  for (let i = 0; i < 10; i++) {
    await sql`UPDATE sign_in_throttles SET next_try_at = now() - interval '1 second'`.execute(t.db);
    expect((await reserveSignIn(t.db, "c@example.test", "192.0.2.2")).ok).toBe(true);
    const row = await t.db
      .selectFrom("sign_in_throttles")
      .select(sql<number>`round(extract(epoch FROM next_try_at - now()))::int`.as("wait"))
      .where("account", "=", "c@example.test")
      .executeTakeFirstOrThrow();
    waits.push(row.wait);
  }
  expect(waits).toEqual([0, 0, 0, 0, 60, 120, 240, 480, 900, 900]);
});

it("a correct password starts the account afresh from that address; an administrator sees and clears a throttle", async () => {
  for (let i = 0; i < FREE_PER_ACCOUNT; i++) await reserveSignIn(t.db, "d@example.test", "192.0.2.3");
  const shown = await currentThrottles(t.db);
  expect(shown.map((r) => [r.account, r.address, r.attempts, r.waiting])).toEqual([
    ["d@example.test", "192.0.2.3", 5, true],
    [ANY_ACCOUNT, "192.0.2.3", 5, false],
  ]);
  expect(await clearThrottle(t.db, "d@example.test", "192.0.2.3")).toMatchObject({ attempts: 5 });
  expect(await clearThrottle(t.db, "d@example.test", "192.0.2.3")).toBeNull();
  expect((await reserveSignIn(t.db, "d@example.test", "192.0.2.3")).ok).toBe(true);
  await signInSucceeded(t.db, "d@example.test", "192.0.2.3");
  expect((await currentThrottles(t.db)).map((r) => [r.account, r.attempts])).toEqual([[ANY_ACCOUNT, 5]]);
});
