/**
 * Demo casework: move-on plans for part of the households in TA (some past
 * their target), s208 notices for most (not all) out-of-district placements,
 * and a few s202 reviews. Deterministic (chosen by id), set-based, synthetic.
 */
import { sql, type Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { IsoDate } from "~/lib/dates";

export async function loadDemoCasework(trx: Transaction<DB>, today: IsoDate): Promise<void> {
  const officer = sql`(SELECT id FROM users WHERE email = 'officer@demo.waypoint.test')`;
  const current = sql`p.cancelled_at IS NULL AND p.start_date <= ${today}::date AND (p.end_date IS NULL OR p.end_date > ${today}::date)`;

  // The demo officer runs every other household's case (My cases on Today); the rest belong
  // to colleagues who are not demo accounts.
  await sql`UPDATE households SET officer_id = ${officer} WHERE id % 2 = 0`.execute(trx);

  // Two households in five in TA tonight have a plan; about a third of those are past target.
  await sql`
    INSERT INTO move_on_plans (household_id, pathway, target_date, next_action, owner_id)
    SELECT DISTINCT ON (p.household_id) p.household_id,
      (ARRAY['social_housing','private_rented','supported_housing','returned_home','other'])[1 + p.household_id % 5],
      ${today}::date + ((p.household_id % 97)::int - 8),
      (ARRAY['Chase the housing association for a viewing date','Check affordability for the private rented offer',
             'Referral sent to supported housing panel: await decision','Call family about a return home',
             'Review the housing register banding'])[1 + p.household_id % 5],
      ${officer}
    FROM placements p
    WHERE ${current} AND p.household_id % 5 IN (0, 1)
    ORDER BY p.household_id`.execute(trx);

  // Notices for every out-of-district placement that ended, and all but one in 25 of the current ones.
  await sql`
    INSERT INTO s208_notices (placement_id, household_id, sent_on, sent_to, method, recorded_by)
    SELECT p.id, p.household_id, LEAST(p.start_date + (p.id % 17)::int, ${today}::date),
      CASE f.district_gss WHEN 'E08000011' THEN 'Knowsley Council' WHEN 'E08000013' THEN 'St Helens Council'
        WHEN 'E08000014' THEN 'Sefton Council' WHEN 'E08000015' THEN 'Wirral Council' WHEN 'E06000006' THEN 'Halton Borough Council'
        ELSE 'Receiving council ' || f.district_gss END,
      (ARRAY['email','post','portal','email'])[1 + p.id % 4],
      ${officer}
    FROM placements p JOIN unit_facts f ON f.unit_id = p.unit_id
    WHERE p.cancelled_at IS NULL AND f.out_of_district AND p.start_date <= ${today}::date
      AND NOT (${current} AND p.id % 25 = 0)`.execute(trx);

  // A few suitability reviews, some decided, some still pending.
  await sql`
    INSERT INTO suitability_reviews (household_id, placement_id, offered_on, requested_on, outcome, decided_on, created_by)
    SELECT p.household_id, p.id, p.start_date, LEAST(p.start_date + (p.id % 25)::int, ${today}::date),
      CASE WHEN p.id % 2 = 0 AND LEAST(p.start_date + (p.id % 25)::int, ${today}::date) + 30 <= ${today}::date THEN 'not_upheld' END,
      CASE WHEN p.id % 2 = 0 AND LEAST(p.start_date + (p.id % 25)::int, ${today}::date) + 30 <= ${today}::date
           THEN LEAST(p.start_date + (p.id % 25)::int, ${today}::date) + 30 END,
      ${officer}
    FROM placements p
    WHERE ${current} AND p.id % 29 = 0`.execute(trx);
}
