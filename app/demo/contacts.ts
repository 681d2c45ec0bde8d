/**
 * Demo contact log, so the occupancy audit's lists are not empty: for households in TA
 * tonight, phone calls and home visits (most found them living there, some nobody in), some
 * households with no contact for months, a few visits that found the household gone (left,
 * or someone else living there) from placements that still run; and, for recent stays that
 * ended with the household losing contact, the visit that found them gone on the day the
 * placement was ended from (recovered nights). Deterministic (chosen by id), set-based,
 * synthetic.
 */
import { sql, type RawBuilder, type Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { IsoDate } from "~/lib/dates";

export async function loadDemoContacts(trx: Transaction<DB>, today: IsoDate): Promise<void> {
  const officer = sql`(SELECT id FROM users WHERE email = 'officer@demo.waypoint.test')`;
  const current = sql`p.cancelled_at IS NULL AND p.start_date < ${today}::date AND (p.end_date IS NULL OR p.end_date > ${today}::date)`;
  // A day of the placement's nights so far: `back` days ago, but not before its first night.
  const dayIn = (back: RawBuilder<unknown>) => sql`greatest(p.start_date, ${today}::date - (${back})::int)`;

  // Seven households in ten had a call in the last 12 weeks (some of those more than 8 weeks ago).
  await sql`
    INSERT INTO contacts (household_id, placement_id, contact_on, contact_time, kind, note, recorded_by)
    SELECT p.household_id, p.id, ${dayIn(sql`p.id % 84`)}, lpad((9 + p.id % 8)::text, 2, '0') || ':' || lpad((p.id * 7 % 60)::text, 2, '0'),
      (ARRAY['phone','phone','email','office','letter'])[1 + p.id % 5],
      (ARRAY['Checked in: no problems reported','Asked about the move-on plan','Rent account discussed',
             'Repair reported to the provider','Letter about the housing register'])[1 + p.id % 5],
      ${officer}
    FROM placements p WHERE ${current} AND p.id % 10 < 7`.execute(trx);

  // Home visits: three in ten found them living there, one in seventeen nobody in.
  await sql`
    INSERT INTO contacts (household_id, placement_id, contact_on, kind, outcome, note, recorded_by)
    SELECT p.household_id, p.id, ${dayIn(sql`p.id % 50`)}, 'visit', 'confirmed', 'Seen at the placement', ${officer}
    FROM placements p WHERE ${current} AND p.id % 10 IN (0, 1, 2)`.execute(trx);
  await sql`
    INSERT INTO contacts (household_id, placement_id, contact_on, kind, outcome, note, recorded_by)
    SELECT p.household_id, p.id, ${dayIn(sql`10 + p.id % 7`)}, 'visit', 'absent', 'Nobody in: card left', ${officer}
    FROM placements p WHERE ${current} AND p.id % 17 = 3`.execute(trx);

  // Visits that found the household gone from a placement that still runs: left (one in 31) or
  // someone else living there (one in 37), between 5 and 24 nights ago.
  await sql`
    INSERT INTO contacts (household_id, placement_id, contact_on, kind, outcome, note, placement_end_then, recorded_by)
    SELECT p.household_id, p.id, ${dayIn(sql`5 + p.id % 20`)}, 'visit',
      CASE WHEN p.id % 31 = 5 THEN 'left' ELSE 'irregular' END,
      CASE WHEN p.id % 31 = 5 THEN 'Neighbours say the family moved out weeks ago; room empty'
           ELSE 'Another family living there, say they rent it from the tenant' END,
      p.end_date, ${officer}
    FROM placements p WHERE ${current} AND (p.id % 31 = 5 OR p.id % 37 = 7)`.execute(trx);

  // Stays in the last 60 days that ended when the household lost contact: a visit found them
  // gone on the day the placement was then ended from (it was open when the visit was made).
  await sql`
    INSERT INTO contacts (household_id, placement_id, contact_on, kind, outcome, note, placement_end_then, recorded_by)
    SELECT p.household_id, p.id, p.end_date, 'visit', 'left', 'Room empty, keys left with the provider', NULL, ${officer}
    FROM placements p
    WHERE p.cancelled_at IS NULL AND p.destination = 'lost_contact'
      AND p.end_date > ${today}::date - 60 AND p.end_date < ${today}::date`.execute(trx);
}
