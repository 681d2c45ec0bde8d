/**
 * One key for a provider's name (issue 16, item 8): `name_key(text)` is the name with every run
 * of white space (tabs, line breaks and the no-break space a spreadsheet leaves included: the
 * characters JavaScript's \s matches) made one space, trimmed and lower-cased. "Acme  Homes" and "acme homes" are
 * one provider: the import matches names by it (providers.csv to units.csv, and to the
 * providers already held) and the database refuses a second provider with the same key.
 * Before, the import compared a TypeScript key, the staging SQL a slightly different one
 * (btrim trims spaces, not tabs) and the unique index only lower(name).
 *
 * The function lives here, not in db/definitions: the unique index is built from it, and an
 * index built from a function must be rebuilt when the function changes, so a change to it
 * is a schema change (a new migration that replaces it and REINDEXes). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION name_key(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT lower(btrim(regexp_replace(t, '[\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+', ' ', 'g')))
    $$`.execute(db);
  const clash = await sql<{ names: string }>`
    SELECT string_agg(format('"%s"', name), ' and ' ORDER BY id) AS names
    FROM providers GROUP BY name_key(name) HAVING count(*) > 1 LIMIT 1`.execute(db);
  if (clash.rows.length > 0) {
    throw new Error(
      `Providers ${clash.rows[0].names} have names that differ only in spaces or capital letters. ` +
        `Rename one of them in the earlier version of Waypoint, then upgrade again.`,
    );
  }
  await sql`DROP INDEX providers_name_key`.execute(db);
  await sql`CREATE UNIQUE INDEX providers_name_key ON providers (name_key(name))`.execute(db);
}
