/**
 * Spreadsheet imports: uploads kept server-side between the dry run and the
 * confirmed import, and a unit's own address line. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Several units of one property can have their own first address line
  // ("Flat 3, 12 Albert Road"); null means the property's.
  await sql`ALTER TABLE units ADD COLUMN address_line_1 text CHECK (address_line_1 IS NULL OR length(address_line_1) BETWEEN 1 AND 200)`.execute(db);

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
}
