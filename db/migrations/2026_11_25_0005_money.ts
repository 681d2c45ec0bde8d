/**
 * Money: the household's weekly charge, the January 2011 LHA reference table per broad
 * rental market area (BRMA), provider invoices, and the SQL mirror of the costing rule in
 * app/features/money/money.ts (segment_pence and the rate/charge period views). Frozen.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // A rate above £100,000 (a night or a week) is a typing mistake, not a price.
  await sql`ALTER TABLE unit_rates ADD CONSTRAINT unit_rates_amount_sane CHECK (amount_pence <= 10000000)`.execute(db);

  // The weekly charge the council makes to the household placed in the unit.
  await sql`
    CREATE TABLE unit_charges (
      id bigserial PRIMARY KEY,
      unit_id bigint NOT NULL REFERENCES units(id),
      effective_from date NOT NULL,
      weekly_pence integer NOT NULL CHECK (weekly_pence >= 0 AND weekly_pence <= 10000000),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT unit_charges_one_per_day UNIQUE (unit_id, effective_from)
    )`.execute(db);

  await sql`
    CREATE TABLE brmas (
      name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
      in_london boolean NOT NULL DEFAULT false,
      -- true until an administrator enters figures from the published January 2011 table
      illustrative boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE lha_rates (
      brma text NOT NULL REFERENCES brmas(name) ON UPDATE CASCADE ON DELETE CASCADE,
      category text NOT NULL CHECK (category IN ('shared','1bed','2bed','3bed','4bed')),
      weekly_pence integer NOT NULL CHECK (weekly_pence >= 0 AND weekly_pence <= 1000000),
      PRIMARY KEY (brma, category)
    )`.execute(db);

  await sql`
    CREATE TABLE invoices (
      id bigserial PRIMARY KEY,
      provider_id bigint NOT NULL REFERENCES providers(id),
      invoice_ref text NOT NULL CHECK (length(invoice_ref) BETWEEN 1 AND 60),
      received_on date NOT NULL,
      status text NOT NULL DEFAULT 'received' CHECK (status IN ('received','approved','disputed')),
      status_note text NOT NULL DEFAULT '',
      decided_by bigint REFERENCES users(id),
      decided_at timestamptz,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX invoices_provider_ref_key ON invoices (provider_id, upper(invoice_ref))`.execute(db);
  await sql`
    CREATE TABLE invoice_lines (
      id bigserial PRIMARY KEY,
      invoice_id bigint NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      line_no integer NOT NULL CHECK (line_no >= 1),
      unit_ref text NOT NULL CHECK (length(unit_ref) BETWEEN 1 AND 60),
      household_ref text,
      from_date date NOT NULL,
      to_date date NOT NULL,
      amount_pence bigint NOT NULL CHECK (amount_pence >= 0 AND amount_pence <= 100000000),
      CONSTRAINT invoice_lines_to_after_from CHECK (to_date > from_date),
      CONSTRAINT invoice_lines_line_no_key UNIQUE (invoice_id, line_no)
    )`.execute(db);
  await sql`CREATE INDEX invoice_lines_unit_idx ON invoice_lines (upper(unit_ref), from_date)`.execute(db);
  await sql`CREATE INDEX unit_charges_unit_idx ON unit_charges (unit_id, effective_from)`.execute(db);

  // SQL mirror of segmentPence (app/features/money/money.ts): pence for nights [a, b) under one
  // rate, anchored at max(stay start, rate start). Weekly: W(k) = round_half_up(k*amount/7)
  // = (2*k*amount + 7) / 14 in integer arithmetic, and the segment costs W(b-anchor) - W(a-anchor).
  await sql`
    CREATE FUNCTION segment_pence(amount bigint, basis text, anchor date, a date, b date)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN amount IS NULL OR b <= a THEN 0::bigint
        WHEN basis = 'night' THEN amount * (b - a)
        ELSE ((2 * amount * (b - anchor) + 7) / 14) - ((2 * amount * (a - anchor) + 7) / 14)
      END
    $$`.execute(db);

  // Every night of every unit falls in exactly one row of each view: a leading row from
  // -infinity up to the first rate (amount NULL: unpriced), then one row per rate period.
  await sql`
    CREATE VIEW unit_rate_periods AS
    SELECT unit_id, effective_from,
           lead(effective_from) OVER (PARTITION BY unit_id ORDER BY effective_from) AS effective_to,
           amount_pence::bigint AS amount_pence, basis
    FROM unit_rates
    UNION ALL
    SELECT u.id, '-infinity'::date, (SELECT min(r.effective_from) FROM unit_rates r WHERE r.unit_id = u.id), NULL::bigint, NULL::text
    FROM units u`.execute(db);
  await sql`
    CREATE VIEW unit_charge_periods AS
    SELECT unit_id, effective_from,
           lead(effective_from) OVER (PARTITION BY unit_id ORDER BY effective_from) AS effective_to,
           weekly_pence::bigint AS weekly_pence
    FROM unit_charges
    UNION ALL
    SELECT u.id, '-infinity'::date, (SELECT min(c.effective_from) FROM unit_charges c WHERE c.unit_id = u.id), NULL::bigint
    FROM units u`.execute(db);

  // Mirror of weeklySubsidyCap: not self-contained -> the 1-bedroom rate; self-contained ->
  // min(90% of the rate for min(max(bedrooms,1),4) rounded half up, £500 London / £375 elsewhere).
  // NULL when the unit's BRMA or the rate is not in the table (unknown, never zero; and
  // least() skips NULLs, hence the explicit case).
  await sql`
    CREATE VIEW unit_subsidy_caps AS
    SELECT u.id AS unit_id, b.in_london,
           CASE WHEN l.weekly_pence IS NULL THEN NULL WHEN f.self_contained THEN
             least((18 * l.weekly_pence::bigint + 10) / 20, CASE WHEN b.in_london THEN 50000 ELSE 37500 END)
           ELSE l.weekly_pence::bigint END AS weekly_cap_pence
    FROM units u
    JOIN unit_facts f ON f.unit_id = u.id
    JOIN properties p ON p.id = u.property_id
    LEFT JOIN brmas b ON b.name = p.brma
    LEFT JOIN lha_rates l ON l.brma = b.name AND l.category =
      CASE WHEN NOT f.self_contained THEN '1bed' ELSE least(4, greatest(1, u.bedrooms))::text || 'bed' END`.execute(db);
}
