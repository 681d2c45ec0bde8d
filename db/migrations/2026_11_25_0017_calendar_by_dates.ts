/**
 * An index on the calendar by dates alone, for "which units are booked on any night of
 * this stay" over the whole stock (find a unit). The exclusion constraint's GiST index on
 * (unit, nights) answers it only by reading most of the index: 276 ms at national size
 * (109,000 booked units out of 153,000). With the end, then the start, of each booking,
 * a B-tree finds the bookings that end after the stay starts and start before it ends in
 * one range scan (17 ms there). An open-ended booking ends at infinity.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX unit_calendar_dates_idx ON unit_calendar ((coalesce(upper(nights), 'infinity'::date)), (lower(nights)), unit_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX unit_calendar_dates_idx`.execute(db);
}
