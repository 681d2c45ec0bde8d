/**
 * Demo case files (issue 20, item 1): every household gets synthetic contact details (numbers
 * from Ofcom's ranges kept for drama, 07700 900xxx and 0151 496 0xxx; example.com addresses;
 * made-up streets), a language, a local connection, and for one in seven vulnerability needs,
 * most of those marked sensitive. The demo officer's cases (every other household) get case
 * notes, and one in six of those a correction of its first note. Deterministic (chosen by id),
 * set-based, synthetic.
 */
import { sql, type Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { IsoDate } from "~/lib/dates";

export async function loadDemoCaseFile(trx: Transaction<DB>, today: IsoDate): Promise<void> {
  const officer = sql`(SELECT id FROM users WHERE email = 'officer@demo.waypoint.test')`;
  await sql`
    UPDATE households h SET
      phone = CASE WHEN h.id % 3 = 0 THEN '0151 496 0' || lpad((h.id % 1000)::text, 3, '0')
                   ELSE '07700 900' || lpad((h.id % 1000)::text, 3, '0') END,
      email = CASE WHEN h.id % 4 = 1 THEN '' ELSE coalesce(
                (SELECT regexp_replace(lower(m.name), '[^a-z]+', '.', 'g') FROM household_members m
                 WHERE m.household_id = h.id AND m.relationship = 'lead' ORDER BY m.id LIMIT 1), 'household') || '.' || h.id || '@example.com' END,
      preferred_contact = CASE WHEN h.id % 3 = 0 THEN 'phone' WHEN h.id % 4 = 1 THEN 'text'
                               WHEN h.id % 5 = 2 THEN 'email' ELSE 'text' END,
      language = (ARRAY['English','English','English','English','Polish','Arabic','Romanian','Urdu','Somali','English'])[1 + h.id % 10],
      interpreter_needed = h.id % 10 IN (5, 6, 8),
      current_address = CASE WHEN h.awaiting_since IS NOT NULL
        THEN 'Staying with a friend (demo address, not real), ' || (2 + h.id % 90) || ' Example Road, Liverpool' ELSE '' END,
      previous_address = 'Demo address, not real: ' || (1 + h.id % 120) || ' ' ||
        (ARRAY['Sample Street','Test Lane','Placeholder Avenue','Specimen Close','Mock Terrace'])[1 + h.id % 5] || ', ' ||
        (ARRAY['Liverpool','Liverpool','Liverpool','Huyton','Bootle'])[1 + h.id % 5],
      local_connection = (ARRAY['Lived in the district for 6 of the last 10 years','Works in the district',
        'Close family in the district (mother and sister)','No local connection found: lived here under 6 months',
        'Children at school in the district'])[1 + h.id % 5],
      local_connection_gss = CASE WHEN h.id % 5 = 3 THEN NULL WHEN h.id % 11 = 4 THEN 'E08000014' ELSE 'E08000012' END,
      vulnerability_needs = CASE WHEN h.id % 7 = 3 THEN
        (ARRAY['Fleeing domestic abuse: do not place in Huyton; do not share the address with the former partner',
               'Mental health: under the community mental health team; risk of self-harm when isolated',
               'Care leaver, 19: personal adviser at the leaving care team'])[1 + h.id % 3] ELSE '' END,
      vulnerability_sensitive = h.id % 7 = 3 AND h.id % 3 <> 2`.execute(trx);

  // Notes on the demo officer's cases: a first call and a later visit to the office.
  await sql`
    INSERT INTO case_notes (household_id, body, written_by, written_at)
    SELECT h.id, n.body, ${officer},
      (${today}::date - (n.back + h.id % 20)::int + make_interval(hours => (9 + (h.id + n.back) % 8)::int, mins => ((h.id * 7) % 60)::int))
        AT TIME ZONE 'Europe/London'
    FROM households h
    CROSS JOIN (VALUES
      (30, 'Phoned the applicant. They can stay where they are until Friday. Asked for ID and proof of income by email.'),
      (10, 'Applicant came to the office with ID and payslips. Explained the move-on options; they would consider private rented outside the district.')
    ) AS n(back, body)
    WHERE h.id % 2 = 0
    ORDER BY h.id, n.back DESC`.execute(trx);
  // One in six of those: the first note corrected two hours later (a note is never changed).
  await sql`
    INSERT INTO case_notes (household_id, body, written_by, written_at, corrects_note_id)
    SELECT n.household_id,
      'Correction: they can stay where they are until Sunday, not Friday (checked with the friend).',
      ${officer}, n.written_at + interval '2 hours', n.id
    FROM case_notes n
    WHERE n.household_id % 6 = 0 AND n.body LIKE 'Phoned the applicant%'
    ORDER BY n.id`.execute(trx);
}
