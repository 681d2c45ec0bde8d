/**
 * The current text of every function, trigger and view the app relies on, one file per
 * subject. Migrations (db/migrations) hold schema changes only and are frozen; these
 * files are living code: edit a definition here and the migrator applies it (see
 * applyDefinitions in app/lib/db/connect.ts and ADR 0018).
 *
 * Each definition is idempotent SQL (CREATE OR REPLACE FUNCTION, CREATE OR REPLACE
 * TRIGGER, DROP VIEW ... CASCADE then CREATE VIEW). When any definition's text changes,
 * all of them are applied again, in this order, in one transaction, and the `refresh`
 * statement of each changed one runs after them (to recompute facts kept on write).
 * A trigger or function taken out of use needs an explicit DROP here.
 */
import type { Definition } from "./definition";
import { audit } from "./audit";
import { calendar } from "./calendar";
import { unitFacts } from "./unit-facts";
import { unitStandards } from "./unit-standards";
import { unitSuitability } from "./unit-suitability";
import { stockState } from "./stock-state";
import { episodes } from "./episodes";
import { episodeFacts } from "./episode-facts";
import { householdFacts } from "./household-facts";
import { householdsInTa } from "./households-in-ta";
import { money } from "./money";
import { occupancy } from "./occupancy";
import { voidCost } from "./void-cost";
import { spendKept } from "./spend-kept";
import { taNightKept } from "./ta-night-kept";
import { trialKept } from "./trial-kept";
import { negotiations } from "./negotiations";
import { rateBenchmark } from "./rate-benchmark";
import { dataQuality } from "./data-quality";
import { occupancyAudit } from "./occupancy-audit";
import { dataVersion } from "./data-version";
import { retention } from "./retention";
import { caseNotes } from "./case-notes";
import { letters } from "./letters";
import { mergedHouseholds } from "./merged-households";

export type { Definition } from "./definition";

export const definitions: readonly Definition[] = [
  audit,
  calendar,
  unitFacts,
  unitStandards,
  unitSuitability,
  stockState,
  episodes,
  episodeFacts,
  householdFacts,
  householdsInTa,
  money,
  occupancy,
  voidCost,
  spendKept,
  taNightKept,
  trialKept,
  negotiations,
  rateBenchmark,
  dataQuality,
  occupancyAudit,
  retention,
  letters,
  dataVersion,
  caseNotes,
  mergedHouseholds,
];
