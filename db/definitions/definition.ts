/** One subject's functions, triggers and views (see ./index.ts). */
export interface Definition {
  /** Recorded in schema_definitions with the hash of `sql`. */
  name: string;
  /** Idempotent SQL: applied whenever any definition changes. */
  sql: string;
  /** Run once after all definitions are applied, when this one's text changed (e.g. recompute kept facts). */
  refresh?: string;
}

/**
 * Statement-level triggers AFTER each of `events` on `table`, calling `fn` with the rows the
 * statement changed as transition tables (new_rows, old_rows); named `${table}_${name}_${event}`.
 * The kept-on-write definitions (spend, trials, the households in TA by night) use them.
 */
export function statementTriggers(
  table: string,
  name: string,
  fn: string,
  events: readonly ("INSERT" | "UPDATE" | "DELETE")[] = ["INSERT", "UPDATE", "DELETE"],
): string {
  return events
    .map((e) => {
      const ref =
        e === "INSERT" ? "NEW TABLE AS new_rows" : e === "DELETE" ? "OLD TABLE AS old_rows" : "OLD TABLE AS old_rows NEW TABLE AS new_rows";
      return `
    CREATE OR REPLACE TRIGGER ${table}_${name}_${e.toLowerCase()} AFTER ${e} ON ${table}
      REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`;
    })
    .join("");
}
