/**
 * Sign-in throttling in the database rather than in each server process: an attempt is
 * reserved here, atomically, before the password is hashed, so simultaneous tries cannot
 * all pass one check; and every process (and an administrator) sees the same state.
 * One row per account and address, and one per address for all accounts (account '').
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_throttles (
      account text NOT NULL,
      address text NOT NULL,
      attempts integer NOT NULL CHECK (attempts > 0),
      first_at timestamptz NOT NULL,
      last_at timestamptz NOT NULL,
      next_try_at timestamptz NOT NULL,
      PRIMARY KEY (account, address)
    )`.execute(db);
  await sql`CREATE INDEX sign_in_throttles_last_at_idx ON sign_in_throttles (last_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sign_in_throttles`.execute(db);
}
