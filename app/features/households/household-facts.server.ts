/**
 * SQL mirrors of household rules in app/features/households/household.ts, for set-based
 * reports. The ages come from the domain constants, and tests/db check that
 * each mirror agrees with the domain function member by member.
 */
import { sql, type RawBuilder } from "kysely";
import { DEPENDENT_CHILD_MAX_AGE_IF_CHILD, DEPENDENT_CHILD_UNDER_AGE } from "~/features/households/household";
import type { IsoDate } from "~/lib/dates";

/**
 * Mirrors isDependentChild for the household_members row aliased `alias`, on a
 * date given as a value or as a SQL date expression (e.g. an episode's start).
 */
export function dependentChildSql(alias: string, on: IsoDate | RawBuilder<unknown>): RawBuilder<boolean> {
  const m = sql.ref(alias);
  const d = typeof on === "string" ? sql`${on}::date` : sql`(${on})::date`;
  const under = `${DEPENDENT_CHILD_UNDER_AGE} years`;
  const childUpTo = `${DEPENDENT_CHILD_MAX_AGE_IF_CHILD + 1} years`;
  return sql<boolean>`coalesce((
    ${m}.relationship NOT IN ('lead', 'partner')
    AND (${m}.date_of_birth IS NULL OR ${m}.date_of_birth <= ${d})
    AND (
      (${m}.date_of_birth IS NULL AND ${m}.relationship = 'child')
      OR ${m}.date_of_birth > (${d} - ${under}::interval)::date
      OR (${m}.relationship = 'child' AND ${m}.date_of_birth > (${d} - ${childUpTo}::interval)::date)
    )), false)`;
}
