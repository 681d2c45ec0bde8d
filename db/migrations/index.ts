/** Every migration, in order. Kysely records each in kysely_migration. */
import type { Migration } from "kysely";
import * as core from "./2026_11_23_0001_core";
import * as rates from "./2026_11_23_0002_rates";
import * as reports from "./2026_11_25_0007_reports";

export const migrations: Record<string, Migration> = {
  "2026_11_23_0001_core": core,
  "2026_11_23_0002_rates": rates,
  "2026_11_25_0007_reports": reports,
};
