/**
 * A household's make-up on a night, as every page and report counts it: reads of
 * household_facts_on and is_dependent_child (db/definitions/household-facts.ts), the one
 * definition of each (ADR 0020, ADR 0025). TypeScript reads their results; it does not
 * work them out again.
 */
import { sql, type RawBuilder } from "kysely";
import type { IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";
import type { HouseholdType, Ta2Category } from "~/features/households/household";

/**
 * is_dependent_child for the household_members row aliased `alias`, on a date given as
 * a value or as a SQL date expression (e.g. an episode's start).
 */
export function dependentChildSql(alias: string, on: IsoDate | RawBuilder<unknown>): RawBuilder<boolean> {
  const m = sql.ref(alias);
  const d = typeof on === "string" ? sql`${on}::date` : sql`(${on})::date`;
  return sql<boolean>`is_dependent_child(${m}.relationship, ${m}.date_of_birth, ${d})`;
}

export interface HouseholdFactsOn {
  /** Members on the night who are not dependent children. */
  adults: number;
  /** Dependent children on the night. */
  children: number;
  /** Members pregnant on the night. */
  expected_children: number;
  /** A dependent child or a pregnant member: TA1's "with children", the 2003 Order's family. */
  with_children: boolean;
  /** The lead applicant is 16 or 17. */
  lead_16_17: boolean;
  household_type: HouseholdType;
  ta2: Ta2Category;
}

/** One household's make-up on a night (every member counted on it: adults + children). */
export async function householdFactsOn(db: Conn, householdId: number, on: IsoDate): Promise<HouseholdFactsOn> {
  const r = await sql<HouseholdFactsOn>`
    SELECT f.adults, f.children, f.expected_children, f.with_children, f.lead_16_17, f.household_type, f.ta2_category AS ta2
    FROM household_facts_on(${householdId}::bigint, ${on}::date) f`.execute(db);
  return r.rows[0];
}
