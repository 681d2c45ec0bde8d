/**
 * Core schema. Frozen: never edit a migration that has shipped; add a new one.
 * Migrations never import application code.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);

  await sql`
    CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE users (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('officer','manager','analyst','administrator')),
      password_hash text NOT NULL,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY, -- sha-256 of the token in the cookie: a stolen table yields no usable cookie
      user_id bigint NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      user_id bigint REFERENCES users(id),
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text NOT NULL,
      household_id bigint,
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id)`.execute(db);
  await sql`CREATE INDEX audit_events_household_idx ON audit_events (household_id) WHERE household_id IS NOT NULL`.execute(db);
  // The audit trail is append-only, enforced by the database, not by good manners.
  await sql`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);

  await sql`
    CREATE TABLE ta_types (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
      name text NOT NULL,
      ta1_category smallint NOT NULL CHECK (ta1_category BETWEEN 1 AND 6),
      description text NOT NULL DEFAULT '',
      sort_order int NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`
    INSERT INTO ta_types (code, name, ta1_category, description, sort_order) VALUES
      ('bnb', 'Bed and breakfast', 1, 'Bed and breakfast hotels, including shared annexes', 1),
      ('nightly_self_contained', 'Nightly paid, self-contained', 2, 'Nightly paid, privately managed accommodation, self-contained', 2),
      ('hostel', 'Hostel', 3, 'Hostels, including reception centres, emergency units and refuges', 3),
      ('private_leased', 'Private sector leased', 4, 'Private sector accommodation leased by the authority or by a registered provider', 4),
      ('council_ha_stock', 'Council or housing association stock', 5, 'Local authority or housing association stock', 5),
      ('other', 'Other', 6, 'Any other type of temporary accommodation, including private landlord and not known', 6)
  `.execute(db);

  await sql`
    CREATE TABLE providers (
      id bigserial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      provider_type text NOT NULL CHECK (provider_type IN ('hotel','agent','landlord','housing_association','council','charity')),
      email text,
      phone text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX providers_name_key ON providers (lower(name))`.execute(db);

  await sql`
    CREATE TABLE properties (
      id bigserial PRIMARY KEY,
      provider_id bigint NOT NULL REFERENCES providers(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      address_line_1 text NOT NULL,
      town text NOT NULL,
      postcode text NOT NULL,
      district_gss text NOT NULL CHECK (district_gss ~ '^[EWSN][0-9]{8}$'),
      brma text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX properties_provider_name_key ON properties (provider_id, lower(name))`.execute(db);

  await sql`
    CREATE TABLE units (
      id bigserial PRIMARY KEY,
      unit_ref text NOT NULL UNIQUE CHECK (length(unit_ref) BETWEEN 1 AND 60),
      property_id bigint NOT NULL REFERENCES properties(id),
      name text NOT NULL DEFAULT '',
      ta_type_code text NOT NULL REFERENCES ta_types(code) ON UPDATE CASCADE,
      bedrooms smallint NOT NULL CHECK (bedrooms BETWEEN 0 AND 10),
      max_occupants smallint NOT NULL CHECK (max_occupants BETWEEN 1 AND 20),
      shared_kitchen boolean NOT NULL,
      shared_bathroom boolean NOT NULL,
      shared_toilet boolean NOT NULL,
      step_free boolean NOT NULL,
      in_use_from date,
      retired_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (retired_on IS NULL OR in_use_from IS NULL OR retired_on > in_use_from)
    )`.execute(db);
  await sql`CREATE INDEX units_property_idx ON units (property_id)`.execute(db);

  await sql`
    CREATE TABLE out_of_service (
      id bigserial PRIMARY KEY,
      unit_id bigint NOT NULL REFERENCES units(id),
      start_date date NOT NULL,
      end_date date,
      reason text NOT NULL,
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz,
      CHECK (end_date IS NULL OR end_date > start_date)
    )`.execute(db);

  await sql`
    CREATE TABLE households (
      id bigserial PRIMARY KEY,
      case_ref text NOT NULL CHECK (length(case_ref) BETWEEN 1 AND 60),
      duty text NOT NULL CHECK (duty IN ('s188','s190','s193','s200','review_or_appeal','other')),
      step_free_needed boolean NOT NULL DEFAULT false,
      support_needs text NOT NULL DEFAULT '',
      awaiting_since date, -- duty owed and no accommodation secured yet
      created_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX households_case_ref_key ON households (case_ref)`.execute(db);

  await sql`
    CREATE TABLE household_members (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      date_of_birth date,
      relationship text NOT NULL CHECK (relationship IN ('lead','partner','child','other_adult')),
      sex text CHECK (sex IN ('female','male')),
      pregnant boolean NOT NULL DEFAULT false,
      position smallint NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX household_members_household_idx ON household_members (household_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX household_members_one_lead ON household_members (household_id) WHERE relationship = 'lead'`.execute(db);
  await sql`CREATE INDEX household_members_name_idx ON household_members (lower(name) text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX household_members_dob_idx ON household_members (date_of_birth)`.execute(db);

  await sql`
    CREATE TABLE placements (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      unit_id bigint NOT NULL REFERENCES units(id),
      start_date date NOT NULL,
      end_date date,
      duty text NOT NULL CHECK (duty IN ('s188','s190','s193','s200','review_or_appeal','other')),
      is_split boolean NOT NULL DEFAULT false,
      placed_by bigint REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      end_reason text,
      destination text CHECK (destination IN ('social_housing','private_rented','supported_housing','returned_home','other_council','lost_contact','other')),
      ended_by bigint REFERENCES users(id),
      ended_at timestamptz,
      cancelled_at timestamptz,
      cancelled_by bigint REFERENCES users(id),
      cancel_reason text,
      CONSTRAINT placements_end_after_start CHECK (end_date IS NULL OR end_date > start_date),
      CONSTRAINT placements_destination_needs_end CHECK (destination IS NULL OR end_date IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX placements_household_idx ON placements (household_id, start_date)`.execute(db);
  await sql`CREATE INDEX placements_unit_idx ON placements (unit_id, start_date)`.execute(db);
  await sql`CREATE INDEX placements_open_idx ON placements (unit_id) WHERE end_date IS NULL AND cancelled_at IS NULL`.execute(db);

  // One calendar per unit holding every placement night and every out-of-service
  // night. The exclusion constraint makes the database refuse any overlap, so two
  // officers booking the same room at the same moment cannot both succeed.
  await sql`
    CREATE TABLE unit_calendar (
      unit_id bigint NOT NULL REFERENCES units(id),
      nights daterange NOT NULL,
      placement_id bigint UNIQUE REFERENCES placements(id) ON DELETE CASCADE,
      out_of_service_id bigint UNIQUE REFERENCES out_of_service(id) ON DELETE CASCADE,
      CHECK ((placement_id IS NULL) <> (out_of_service_id IS NULL)),
      CONSTRAINT unit_calendar_no_overlap EXCLUDE USING gist (unit_id WITH =, nights WITH &&)
    )`.execute(db);
  await sql`
    CREATE FUNCTION placements_sync_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM unit_calendar WHERE placement_id = NEW.id;
      IF NEW.cancelled_at IS NULL THEN
        INSERT INTO unit_calendar (unit_id, nights, placement_id)
        VALUES (NEW.unit_id, daterange(NEW.start_date, NEW.end_date, '[)'), NEW.id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER placements_calendar AFTER INSERT OR UPDATE OF unit_id, start_date, end_date, cancelled_at
    ON placements FOR EACH ROW EXECUTE FUNCTION placements_sync_calendar()`.execute(db);
  await sql`
    CREATE FUNCTION out_of_service_sync_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM unit_calendar WHERE out_of_service_id = NEW.id;
      IF NEW.cancelled_at IS NULL THEN
        INSERT INTO unit_calendar (unit_id, nights, out_of_service_id)
        VALUES (NEW.unit_id, daterange(NEW.start_date, NEW.end_date, '[)'), NEW.id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER out_of_service_calendar AFTER INSERT OR UPDATE OF unit_id, start_date, end_date, cancelled_at
    ON out_of_service FOR EACH ROW EXECUTE FUNCTION out_of_service_sync_calendar()`.execute(db);

  // A TA episode: a household's chain of placements from entering TA to leaving
  // it. Derived from placements, rebuilt per household inside the same
  // transaction as any change, so reports need not chain placements every time.
  await sql`
    CREATE TABLE episodes (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      start_date date NOT NULL,
      end_date date,
      first_placement_id bigint NOT NULL REFERENCES placements(id),
      last_placement_id bigint NOT NULL REFERENCES placements(id),
      placements smallint NOT NULL,
      destination text
    )`.execute(db);
  await sql`CREATE INDEX episodes_household_idx ON episodes (household_id)`.execute(db);
  await sql`CREATE INDEX episodes_dates_idx ON episodes (start_date, end_date)`.execute(db);
  await sql`ALTER TABLE placements ADD COLUMN episode_id bigint`.execute(db);

  await sql`
    CREATE FUNCTION rebuild_episodes(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE placements SET episode_id = NULL WHERE household_id = ANY(ids);
      DELETE FROM episodes WHERE household_id = ANY(ids);
      WITH p AS (
        SELECT id, household_id, start_date, end_date, destination,
               max(coalesce(end_date, 'infinity'::date)) OVER (
                 PARTITION BY household_id ORDER BY start_date, id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
        FROM placements
        WHERE household_id = ANY(ids) AND cancelled_at IS NULL
      ), marked AS (
        SELECT *, sum(CASE WHEN prev_end IS NULL OR start_date > prev_end THEN 1 ELSE 0 END)
                    OVER (PARTITION BY household_id ORDER BY start_date, id) AS grp
        FROM p
      ), agg AS (
        SELECT household_id, grp,
               min(start_date) AS start_date,
               CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS end_date,
               (array_agg(id ORDER BY start_date, id))[1] AS first_id,
               (array_agg(id ORDER BY coalesce(end_date, 'infinity'::date) DESC, start_date DESC, id DESC))[1] AS last_id,
               count(*) AS n,
               array_agg(id) AS ids
        FROM marked GROUP BY household_id, grp
      ), ins AS (
        INSERT INTO episodes (household_id, start_date, end_date, first_placement_id, last_placement_id, placements, destination)
        SELECT a.household_id, a.start_date, a.end_date, a.first_id, a.last_id, a.n,
               CASE WHEN a.end_date IS NULL THEN NULL ELSE (SELECT destination FROM placements WHERE id = a.last_id) END
        FROM agg a
        RETURNING id, first_placement_id
      )
      UPDATE placements pl SET episode_id = ins.id
      FROM ins JOIN agg ON agg.first_id = ins.first_placement_id
      WHERE pl.id = ANY(agg.ids);
    END $$`.execute(db);

  await upViews(db);
}

/** Facts about each unit derived from its facilities, provider and the council's district. */
export async function upViews(db: Kysely<any>): Promise<void> {
  // Mirrors isBnbUnderOrder in app/features/placements/rules.ts (tested to agree): not
  // self-contained, and not owned or managed by a council, housing association
  // or voluntary organisation (Homelessness (Suitability of Accommodation)
  // (England) Order 2003, article 2).
  await sql`
    CREATE VIEW unit_facts AS
    SELECT u.id AS unit_id,
           NOT (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet) AS self_contained,
           (u.shared_kitchen OR u.shared_bathroom OR u.shared_toilet)
             AND pr.provider_type NOT IN ('council','housing_association','charity') AS is_bnb,
           p.district_gss,
           p.district_gss IS DISTINCT FROM (SELECT value #>> '{}' FROM settings WHERE key = 'council_gss') AS out_of_district
    FROM units u
    JOIN properties p ON p.id = u.property_id
    JOIN providers pr ON pr.id = p.provider_id`.execute(db);
}
