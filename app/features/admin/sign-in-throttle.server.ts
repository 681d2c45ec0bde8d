/**
 * Sign-in throttling (ADR 0022). Each try reserves an attempt in sign_in_throttles, in one
 * statement, before the password is hashed: fifty simultaneous tries cannot all read
 * "under the limit" before any failure is written. The limits slow an address down, never
 * lock an account for everyone: an account tried from one address waits there, after
 * FREE_PER_ACCOUNT tries, one minute and then twice as long each time (up to 15 minutes),
 * while its owner signs in from their own address as usual. An address also waits after
 * FREE_PER_ADDRESS tries at any accounts. 15 minutes without a try starts afresh.
 */
import { sql } from "kysely";
import type { Conn } from "~/lib/db/connect";

export const FREE_PER_ACCOUNT = 5;
export const FREE_PER_ADDRESS = 30;
const FORGET_AFTER = sql`interval '15 minutes'`;
const LONGEST_WAIT = sql`interval '15 minutes'`;
/** The row for every account tried from an address. */
export const ANY_ACCOUNT = "";

export type Reservation = { ok: true } | { ok: false; waitSeconds: number };

async function reserveOne(db: Conn, account: string, address: string, free: number): Promise<Reservation> {
  // clock_timestamp(), not now(): a try that waited for another's row lock must not
  // compare the time its transaction began with a next_try_at set after it.
  // attempts after this one: a row quiet for 15 minutes starts again from one
  const next = sql`(CASE WHEN t.last_at < clock_timestamp() - ${FORGET_AFTER} THEN 1 ELSE t.attempts + 1 END)`;
  const wait = (n: unknown) =>
    sql`(CASE WHEN ${n} >= ${free} THEN least(interval '1 minute' * power(2, ${n} - ${free}), ${LONGEST_WAIT}) ELSE interval '0' END)`;
  const reserved = await sql<{ attempts: number }>`
    INSERT INTO sign_in_throttles AS t (account, address, attempts, first_at, last_at, next_try_at)
    VALUES (${account}, ${address}, 1, clock_timestamp(), clock_timestamp(), clock_timestamp() + ${wait(sql`1`)})
    ON CONFLICT (account, address) DO UPDATE SET
      attempts = ${next},
      first_at = CASE WHEN t.last_at < clock_timestamp() - ${FORGET_AFTER} THEN clock_timestamp() ELSE t.first_at END,
      last_at = clock_timestamp(),
      next_try_at = clock_timestamp() + ${wait(next)}
    WHERE t.next_try_at <= clock_timestamp()
    RETURNING attempts`.execute(db);
  if (reserved.rows.length) return { ok: true };
  const row = await sql<{ wait: number }>`
    SELECT greatest(1, ceil(extract(epoch FROM next_try_at - clock_timestamp())))::int AS wait
    FROM sign_in_throttles WHERE account = ${account} AND address = ${address}`.execute(db);
  return { ok: false, waitSeconds: row.rows[0]?.wait ?? 1 };
}

/** Reserves one try at `account` (lower case) from `address`; refused while either must wait. */
export async function reserveSignIn(db: Conn, account: string, address: string): Promise<Reservation> {
  // The account's own first: a burst at one account, refused there, does not use up the
  // address's tries (and with them every other account's from a shared office address).
  const byAccount = await reserveOne(db, account, address, FREE_PER_ACCOUNT);
  if (!byAccount.ok) return byAccount;
  return reserveOne(db, ANY_ACCOUNT, address, FREE_PER_ADDRESS);
}

/** A correct password: the account starts afresh from this address, and the try is given back to the address. */
export async function signInSucceeded(db: Conn, account: string, address: string): Promise<void> {
  await db.deleteFrom("sign_in_throttles").where("account", "=", account).where("address", "=", address).execute();
  await db
    .updateTable("sign_in_throttles")
    .set({ attempts: sql`greatest(attempts - 1, 1)` })
    .where("account", "=", ANY_ACCOUNT)
    .where("address", "=", address)
    .execute();
  await db
    .deleteFrom("sign_in_throttles")
    .where("last_at", "<", sql<Date>`now() - interval '1 day'`)
    .execute();
}

/** The throttles an administrator may clear: those still counting or making someone wait. */
export async function currentThrottles(db: Conn) {
  return db
    .selectFrom("sign_in_throttles")
    .select(["account", "address", "attempts", "last_at", "next_try_at", sql<boolean>`next_try_at > now()`.as("waiting")])
    .where((eb) => eb.or([eb("last_at", ">=", sql<Date>`now() - ${FORGET_AFTER}`), eb("next_try_at", ">", sql<Date>`now()`)]))
    .orderBy("next_try_at", "desc")
    .orderBy("account")
    .orderBy("address")
    .limit(500)
    .execute();
}

/** Removes one throttle; returns what it held, or null when there was none. */
export async function clearThrottle(db: Conn, account: string, address: string) {
  const row = await db
    .deleteFrom("sign_in_throttles")
    .where("account", "=", account)
    .where("address", "=", address)
    .returning(["account", "address", "attempts", "next_try_at"])
    .executeTakeFirst();
  return row ?? null;
}
