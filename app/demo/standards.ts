/**
 * Demo property standards (issue 21): a yearly inspection of every property (the latest
 * grade E for about one property in 23: "do not use"), works some inspections required
 * (about one property in 40 has works past their due date), gas safety, EICR, EPC, fire risk
 * assessments for shared buildings and HMO licences where needed (some expired, some
 * expiring within 30 days, a few HMO licences missing), providers' contacts and
 * fit-and-proper checks, and complaints on some current placements. Deterministic (chosen by
 * id), set-based, synthetic.
 */
import { sql, type Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { IsoDate } from "~/lib/dates";

export async function loadDemoStandards(trx: Transaction<DB>, today: IsoDate): Promise<void> {
  const officer = sql`(SELECT id FROM users WHERE email = 'officer@demo.waypoint.test')`;
  const day = sql`${today}::date`;
  // Shared buildings (B&B and hostels) that are not the council's, a housing association's or a
  // charity's: houses in multiple occupation that need a licence (Housing Act 2004, Part 2).
  await sql`
    UPDATE properties p SET hmo_licence_required = true
    FROM providers pr
    WHERE pr.id = p.provider_id AND pr.provider_type NOT IN ('council', 'housing_association', 'charity')
      AND EXISTS (SELECT 1 FROM units u WHERE u.property_id = p.id AND (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet))`.execute(
    trx,
  );

  // Two inspections of each property: a year apart, the latest within the last year.
  await sql`
    INSERT INTO inspections (property_id, inspected_on, inspector, grade, findings, reinspect_on, created_by)
    SELECT p.id, d.on_date,
      (ARRAY['Private Sector Housing Team: R. Okafor', 'Private Sector Housing Team: J. Lindqvist',
             'Inspection scheme: M. Haddad', 'Inspection scheme: S. Brennan'])[1 + (p.id + k) % 4],
      g.grade,
      CASE g.grade
        WHEN 'A' THEN 'Well maintained; no hazards found'
        WHEN 'B' THEN 'Minor wear; no hazards found'
        WHEN 'C' THEN 'Minor hazards: loose stair handrail, missing smoke alarm in one room'
        WHEN 'D' THEN 'Category 2 hazards: damp and mould in two rooms, faulty extractor fan'
        ELSE 'Category 1 hazards: no working fire detection, exposed wiring, severe damp' END,
      d.on_date + CASE WHEN g.grade IN ('D', 'E') THEN 90 ELSE 365 END,
      ${officer}
    FROM properties p
    CROSS JOIN generate_series(0, 1) k
    CROSS JOIN LATERAL (SELECT ${day} - ((p.id * 37) % 360)::int - 1 - 365 * k AS on_date) d
    CROSS JOIN LATERAL (SELECT CASE
      WHEN k = 0 AND p.id % 23 = 5 THEN 'E'
      ELSE (ARRAY['A','B','B','C','A','B','C','D','B','A','C','B'])[1 + (p.id * 7 + k * 5) % 12] END AS grade) g`.execute(trx);

  // Works for every grade C, D and E inspection; all completed by their date except at about
  // one property in 40 (their latest inspection's works are overdue: do not use).
  await sql`
    INSERT INTO inspection_works (inspection_id, description, due_on, completed_on)
    SELECT i.id,
      CASE i.grade WHEN 'C' THEN 'Fix the stair handrail and fit a smoke alarm in every room'
                   WHEN 'D' THEN 'Treat the damp and mould; repair the extractor fan'
                   ELSE 'Fit a working fire detection system; make the wiring safe' END,
      i.inspected_on + CASE i.grade WHEN 'C' THEN 28 ELSE 14 END,
      CASE WHEN i.property_id % 40 = 11 AND i.inspected_on > ${day} - 365 AND i.grade <> 'E' THEN NULL
           WHEN i.inspected_on + CASE i.grade WHEN 'C' THEN 28 ELSE 14 END - 2 > ${day} THEN NULL
           ELSE i.inspected_on + CASE i.grade WHEN 'C' THEN 28 ELSE 14 END - 2 END
    FROM inspections i
    WHERE i.grade IN ('C', 'D', 'E')`.execute(trx);
  // The few properties chosen for overdue works get them from a grade C inspection at least.
  await sql`
    INSERT INTO inspection_works (inspection_id, description, due_on)
    SELECT i.id, 'Replace the broken front door lock', i.inspected_on + 14
    FROM inspections i
    WHERE i.property_id % 40 = 11 AND i.inspected_on > ${day} - 365 AND i.grade IN ('A', 'B') AND i.inspected_on + 14 < ${day}`.execute(
    trx,
  );

  // Certificates. Gas safety every year: expired at about one property in 17; the rest
  // renewed within the year (some expire in the next 30 days). EICR every five years (expired
  // at one in 29), EPC every ten; a fire risk assessment a year for shared buildings; an HMO
  // licence for five years where needed (none at one HMO in 31).
  await sql`
    INSERT INTO certificates (property_id, kind, issued_on, expires_on, reference, created_by)
    SELECT p.id, c.kind, c.issued_on,
      (c.issued_on + make_interval(months => c.months))::date,
      upper(left(c.kind, 3)) || '-' || lpad(p.id::text, 6, '0'),
      ${officer}
    FROM properties p
    CROSS JOIN LATERAL (VALUES
      ('gas_safety', 12, ${day} - (CASE WHEN p.id % 17 = 3 THEN 380 + (p.id % 60) ELSE (p.id * 53) % 360 + 1 END)::int),
      ('eicr', 60, ${day} - (CASE WHEN p.id % 29 = 7 THEN 1840 + (p.id % 90) ELSE (p.id * 97) % 1800 + 1 END)::int),
      ('epc', 120, ${day} - ((p.id * 131) % 3600 + 1)::int)
    ) c(kind, months, issued_on)`.execute(trx);
  await sql`
    INSERT INTO certificates (property_id, kind, issued_on, expires_on, reference, created_by)
    SELECT p.id, 'fire_risk_assessment', ${day} - ((p.id * 59) % 360 + 1)::int, ${day} - ((p.id * 59) % 360 + 1)::int + 365,
      'FRA-' || lpad(p.id::text, 6, '0'), ${officer}
    FROM properties p
    WHERE EXISTS (SELECT 1 FROM units u WHERE u.property_id = p.id AND (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet))`.execute(
    trx,
  );
  await sql`
    INSERT INTO certificates (property_id, kind, issued_on, expires_on, reference, created_by)
    SELECT p.id, 'hmo_licence', ${day} - ((p.id * 71) % 1700 + 1)::int, (${day} - ((p.id * 71) % 1700 + 1)::int + interval '5 years')::date,
      'HMO-' || lpad(p.id::text, 6, '0'), ${officer}
    FROM properties p
    WHERE p.hmo_licence_required AND p.id % 31 <> 2`.execute(trx);

  // Providers: one or two contacts, and a yearly fit-and-proper check (a few with conditions, one in 29 failed).
  await sql`
    INSERT INTO provider_contacts (provider_id, name, role, email, phone)
    SELECT pr.id,
      (ARRAY['Amira Patel', 'Tom Gallagher', 'Chen Wei', 'Sian Roberts', 'Kwame Mensah', 'Orla Byrne'])[1 + (pr.id + n) % 6],
      CASE n WHEN 0 THEN 'Bookings manager' ELSE 'Maintenance and repairs' END,
      CASE n WHEN 0 THEN 'bookings' ELSE 'repairs' END || pr.id || '@provider.example',
      '0151 496 ' || lpad((2000 + pr.id * 2 + n)::text, 4, '0')
    FROM providers pr CROSS JOIN generate_series(0, 1) n
    WHERE n = 0 OR pr.id % 2 = 0`.execute(trx);
  await sql`
    INSERT INTO provider_checks (provider_id, checked_on, outcome, checked_by, note, next_due_on, created_by)
    SELECT pr.id, c.on_date,
      CASE WHEN k = 0 AND pr.id % 29 = 9 THEN 'failed' WHEN pr.id % 13 = 4 THEN 'passed_with_conditions' ELSE 'passed' END,
      'Commissioning team: A. Nwosu',
      CASE WHEN k = 0 AND pr.id % 29 = 9 THEN 'Director disqualified; no new placements'
           WHEN pr.id % 13 = 4 THEN 'Passed on condition that repairs are logged within 24 hours'
           ELSE 'Company, directors and insurance checked' END,
      c.on_date + 365,
      ${officer}
    FROM providers pr CROSS JOIN generate_series(0, 1) k
    CROSS JOIN LATERAL (SELECT ${day} - ((pr.id * 41) % 360)::int - 1 - 365 * k AS on_date) c`.execute(trx);

  // Complaints on about one current placement in 40, some still open.
  await sql`
    INSERT INTO complaints (placement_id, kind, received_on, details, outcome, outcome_on, outcome_note, inspection_requested, recorded_by)
    SELECT p.id, (ARRAY['disrepair', 'safety', 'harassment'])[1 + p.id % 3],
      r.on_date,
      (ARRAY['Boiler broken for a week; no hot water', 'Smoke alarm missing in the bedroom', 'Threatened by another resident'])[1 + p.id % 3],
      o.outcome,
      CASE WHEN o.outcome <> 'open' THEN least(r.on_date + 10, ${day}) END,
      CASE o.outcome WHEN 'upheld' THEN 'Provider made the repair; rent reduced for the nights affected'
                     WHEN 'partly_upheld' THEN 'Provider fixed part of the problem; follow-up booked'
                     WHEN 'not_upheld' THEN 'Visited: no fault found' ELSE '' END,
      p.id % 3 <> 2,
      ${officer}
    FROM placements p
    CROSS JOIN LATERAL (SELECT greatest(p.start_date, ${day} - 60) + (p.id % 20)::int AS on_date) r
    CROSS JOIN LATERAL (SELECT CASE WHEN r.on_date + 10 > ${day} THEN 'open'
                                    ELSE (ARRAY['upheld', 'partly_upheld', 'not_upheld', 'open'])[1 + (p.id / 40) % 4] END AS outcome) o
    WHERE p.cancelled_at IS NULL AND p.start_date <= ${day} AND (p.end_date IS NULL OR p.end_date > ${day})
      AND p.id % 40 = 0 AND r.on_date <= ${day}`.execute(trx);
}
