/**
 * Every problem of an upload, in the order the page lists them (file, row,
 * column): kept in a table rather than in the upload's result, so a file that
 * is all errors is listed in full, a page at a time, without holding them all
 * in memory. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE import_upload_problems (
      upload_id text NOT NULL REFERENCES import_uploads(id) ON DELETE CASCADE,
      n integer NOT NULL,
      file text NOT NULL,
      row integer,
      column_name text,
      value text,
      message text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('error','warning')),
      PRIMARY KEY (upload_id, n)
    )`.execute(db);
}
