/** One subject's functions, triggers and views (see ./index.ts). */
export interface Definition {
  /** Recorded in schema_definitions with the hash of `sql`. */
  name: string;
  /** Idempotent SQL: applied whenever any definition changes. */
  sql: string;
  /** Run once after all definitions are applied, when this one's text changed (e.g. recompute kept facts). */
  refresh?: string;
}
