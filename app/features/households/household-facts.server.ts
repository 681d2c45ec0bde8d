/**
 * Household rules in SQL, for set-based reports: calls of the SQL functions defined in
 * db/definitions/households-in-ta.ts, whose ages come from the constants in
 * app/features/households/household.ts; tests check they agree member by member.
 */
import { sql, type RawBuilder } from "kysely";
import type { IsoDate } from "~/lib/dates";

/**
 * is_dependent_child for the household_members row aliased `alias`, on a date given as
 * a value or as a SQL date expression (e.g. an episode's start).
 */
export function dependentChildSql(alias: string, on: IsoDate | RawBuilder<unknown>): RawBuilder<boolean> {
  const m = sql.ref(alias);
  const d = typeof on === "string" ? sql`${on}::date` : sql`(${on})::date`;
  return sql<boolean>`is_dependent_child(${m}.relationship, ${m}.date_of_birth, ${d})`;
}
