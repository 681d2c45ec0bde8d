/** Every migration, in order. Kysely records each in kysely_migration. */
import type { Migration } from "kysely";
import * as core from "./2026_11_23_0001_core";
import * as rates from "./2026_11_23_0002_rates";
import * as money from "./2026_11_25_0005_money";

export const migrations: Record<string, Migration> = {
  "2026_11_23_0001_core": core,
  "2026_11_23_0002_rates": rates,
  "2026_11_25_0005_money": money,
};
