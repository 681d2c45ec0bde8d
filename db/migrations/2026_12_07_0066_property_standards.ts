/**
 * Homes fit to live in (issue 21): inspections of a property (or one of its units) with a
 * grade A to E and the works they require, compliance certificates with their expiry, a
 * provider's contacts and fit-and-proper checks, and complaints officers record on a
 * placement. Whether a unit is "do not use" or has an expired certificate on a date is
 * derived from these rows (db/definitions/unit-standards.ts), never stored.
 * Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // An inspection or certificate of one unit names the unit and its property: the pair must
  // be a real unit of that property (a composite foreign key needs this key).
  await sql`ALTER TABLE units ADD CONSTRAINT units_id_property_key UNIQUE (id, property_id)`.execute(db);
  // A house in multiple occupation that needs a licence (Housing Act 2004, Part 2 and s.55).
  await sql`ALTER TABLE properties ADD COLUMN hmo_licence_required boolean NOT NULL DEFAULT false`.execute(db);

  await sql`
    CREATE TABLE inspections (
      id bigserial PRIMARY KEY,
      property_id bigint NOT NULL REFERENCES properties(id),
      unit_id bigint,
      inspected_on date NOT NULL,
      inspector text NOT NULL CHECK (length(inspector) BETWEEN 1 AND 200),
      grade text NOT NULL CHECK (grade IN ('A','B','C','D','E')),
      findings text NOT NULL DEFAULT '' CHECK (length(findings) <= 4000),
      reinspect_on date CHECK (reinspect_on > inspected_on),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (unit_id, property_id) REFERENCES units(id, property_id)
    )`.execute(db);
  await sql`CREATE INDEX inspections_property_idx ON inspections (property_id, inspected_on DESC)`.execute(db);

  await sql`
    CREATE TABLE inspection_works (
      id bigserial PRIMARY KEY,
      inspection_id bigint NOT NULL REFERENCES inspections(id),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
      due_on date NOT NULL,
      completed_on date
    )`.execute(db);
  await sql`CREATE INDEX inspection_works_inspection_idx ON inspection_works (inspection_id)`.execute(db);

  await sql`
    CREATE TABLE certificates (
      id bigserial PRIMARY KEY,
      property_id bigint NOT NULL REFERENCES properties(id),
      unit_id bigint,
      kind text NOT NULL CHECK (kind IN ('gas_safety','eicr','hmo_licence','fire_risk_assessment','epc')),
      issued_on date NOT NULL,
      expires_on date NOT NULL,
      reference text CHECK (length(reference) <= 100),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (expires_on > issued_on),
      FOREIGN KEY (unit_id, property_id) REFERENCES units(id, property_id)
    )`.execute(db);
  await sql`CREATE INDEX certificates_property_idx ON certificates (property_id, kind, expires_on DESC)`.execute(db);
  await sql`CREATE INDEX certificates_expiry_idx ON certificates (expires_on)`.execute(db);

  await sql`
    CREATE TABLE provider_contacts (
      id bigserial PRIMARY KEY,
      provider_id bigint NOT NULL REFERENCES providers(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL DEFAULT '' CHECK (length(role) <= 200),
      email text CHECK (length(email) <= 200),
      phone text CHECK (length(phone) <= 40),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX provider_contacts_provider_idx ON provider_contacts (provider_id)`.execute(db);

  await sql`
    CREATE TABLE provider_checks (
      id bigserial PRIMARY KEY,
      provider_id bigint NOT NULL REFERENCES providers(id),
      checked_on date NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('passed','passed_with_conditions','failed')),
      checked_by text NOT NULL CHECK (length(checked_by) BETWEEN 1 AND 200),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
      next_due_on date CHECK (next_due_on > checked_on),
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX provider_checks_provider_idx ON provider_checks (provider_id, checked_on DESC)`.execute(db);

  await sql`
    CREATE TABLE complaints (
      id bigserial PRIMARY KEY,
      placement_id bigint NOT NULL REFERENCES placements(id),
      kind text NOT NULL CHECK (kind IN ('disrepair','safety','harassment')),
      received_on date NOT NULL,
      details text NOT NULL CHECK (length(details) BETWEEN 1 AND 2000),
      outcome text NOT NULL DEFAULT 'open' CHECK (outcome IN ('open','upheld','partly_upheld','not_upheld')),
      outcome_on date,
      outcome_note text NOT NULL DEFAULT '' CHECK (length(outcome_note) <= 2000),
      inspection_requested boolean NOT NULL DEFAULT false,
      recorded_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((outcome = 'open') = (outcome_on IS NULL)),
      CHECK (outcome_on IS NULL OR outcome_on >= received_on)
    )`.execute(db);
  await sql`CREATE INDEX complaints_placement_idx ON complaints (placement_id)`.execute(db);
}
