/**
 * Spreadsheet imports: uploads kept server-side between the dry run and the
 * confirmed import, and a unit's own address line. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Several units of one property can have their own first address line
  // ("Flat 3, 12 Albert Road"); null means the property's.
  await sql`ALTER TABLE units ADD COLUMN address_line_1 text CHECK (address_line_1 IS NULL OR length(address_line_1) BETWEEN 1 AND 200)`.execute(
    db,
  );

  // One upload: its files, the job that checks or writes it, and the outcome.
  // The id is random and the row belongs to one user; it expires.
  await sql`
    CREATE TABLE import_uploads (
      id text PRIMARY KEY CHECK (id ~ '^[a-f0-9]{32}$'),
      user_id bigint NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('checking','checked','importing','imported','failed')),
      bytes_total bigint NOT NULL DEFAULT 0,
      bytes_done bigint NOT NULL DEFAULT 0,
      phase text NOT NULL DEFAULT '',
      result jsonb
    )`.execute(db);
  await sql`CREATE INDEX import_uploads_user_idx ON import_uploads (user_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE import_upload_chunks (
      upload_id text NOT NULL REFERENCES import_uploads(id) ON DELETE CASCADE,
      file_no smallint NOT NULL,
      file_name text NOT NULL,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (upload_id, file_no, seq)
    )`.execute(db);

  // rebuild_episodes, the same rule, with its array arguments turned into joins:
  // `x = ANY(array)` tests each row against the whole array, so rebuilding the
  // episodes of an import of 50,000 households took minutes; a join takes seconds.
  await sql`
    CREATE OR REPLACE FUNCTION rebuild_episodes(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE placements SET episode_id = NULL
      WHERE household_id IN (SELECT unnest(ids)) AND episode_id IS NOT NULL;
      DELETE FROM episodes WHERE household_id IN (SELECT unnest(ids));
      WITH p AS (
        SELECT id, household_id, start_date, end_date, destination,
               max(coalesce(end_date, 'infinity'::date)) OVER (
                 PARTITION BY household_id ORDER BY start_date, id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
        FROM placements
        WHERE household_id IN (SELECT unnest(ids)) AND cancelled_at IS NULL
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
               count(*) AS n
        FROM marked GROUP BY household_id, grp
      ), ins AS (
        INSERT INTO episodes (household_id, start_date, end_date, first_placement_id, last_placement_id, placements, destination)
        SELECT a.household_id, a.start_date, a.end_date, a.first_id, a.last_id, a.n,
               CASE WHEN a.end_date IS NULL THEN NULL ELSE (SELECT destination FROM placements WHERE id = a.last_id) END
        FROM agg a
        RETURNING id, household_id, first_placement_id
      )
      UPDATE placements pl SET episode_id = ins.id
      FROM marked m
      JOIN agg ON agg.household_id = m.household_id AND agg.grp = m.grp
      JOIN ins ON ins.first_placement_id = agg.first_id
      WHERE pl.id = m.id;
    END $$`.execute(db);
}
