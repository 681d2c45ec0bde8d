/** Every migration, in order. Kysely records each in kysely_migration. */
import type { Migration } from "kysely";
import * as core from "./2026_11_23_0001_core";
import * as rates from "./2026_11_23_0002_rates";
import * as casework from "./2026_11_25_0004_casework";
import * as money from "./2026_11_25_0005_money";
import * as imports from "./2026_11_25_0006_imports";
import * as reports from "./2026_11_25_0007_reports";
import * as trials from "./2026_11_25_0008_trials";
import * as search from "./2026_11_25_0009_search";
import * as importProblems from "./2026_11_25_0010_import_problems";
import * as episodeFacts from "./2026_11_25_0011_episode_facts";
import * as occupancyChanges from "./2026_11_25_0012_occupancy_changes";
import * as episodesBulk from "./2026_11_25_0013_episodes_bulk";
import * as dataVersion from "./2026_11_25_0014_data_version";
import * as calendarByDates from "./2026_11_25_0017_calendar_by_dates";
import * as definitions from "./2026_12_06_0018_definitions";
import * as applications from "./2026_12_07_0019_applications";
import * as ta1Filings from "./2026_12_07_0020_ta1_filings";
import * as signInThrottles from "./2026_12_07_0025_sign_in_throttles";
import * as unitAddress from "./2026_12_07_0030_unit_address";
import * as paidFor from "./2026_12_07_0031_paid_for";
import * as budgets from "./2026_12_07_0041_budgets";
import * as negotiations from "./2026_12_07_0042_negotiations";
import * as datedFacts from "./2026_12_07_0032_dated_facts";
import * as placementDecisions from "./2026_12_07_0033_placement_decisions";
import * as paidForDefault from "./2026_12_07_0040_paid_for_default";
import * as trialDesign from "./2026_12_07_0050_trial_design";
import * as nameKey from "./2026_12_07_0051_name_key";
import * as recordViews from "./2026_12_07_0052_record_views";
import * as caseOfficer from "./2026_12_07_0053_case_officer";
import * as contacts from "./2026_12_07_0055_contacts";
import * as forecastScenarios from "./2026_12_07_0065_forecast_scenarios";
import * as propertyStandards from "./2026_12_07_0066_property_standards";
import * as districts from "./2026_12_07_0067_districts";
import * as personLinks from "./2026_12_07_0068_person_links";
import * as caseFile from "./2026_12_07_0069_case_file";
import * as letters from "./2026_12_07_0070_letters";
import * as householdMerges from "./2026_12_07_0071_household_merges";
import * as retention from "./2026_12_07_0072_retention";
import * as spendMonthTotals from "./2026_12_07_0073_spend_month_totals";
import * as trialEpisodeFacts from "./2026_12_07_0074_trial_episode_facts";
import * as memberMatches from "./2026_12_07_0075_member_matches";
import * as spendMonthGroups from "./2026_12_07_0076_spend_month_groups";
import * as householdFactSegments from "./2026_12_07_0077_household_fact_segments";
import * as taNightFacts from "./2026_12_07_0078_ta_night_facts";

export const migrations: Record<string, Migration> = {
  "2026_11_23_0001_core": core,
  "2026_11_23_0002_rates": rates,
  "2026_11_25_0004_casework": casework,
  "2026_11_25_0005_money": money,
  "2026_11_25_0006_imports": imports,
  "2026_11_25_0007_reports": reports,
  "2026_11_25_0008_trials": trials,
  "2026_11_25_0009_search": search,
  "2026_11_25_0010_import_problems": importProblems,
  "2026_11_25_0011_episode_facts": episodeFacts,
  "2026_11_25_0012_occupancy_changes": occupancyChanges,
  "2026_11_25_0013_episodes_bulk": episodesBulk,
  "2026_11_25_0014_data_version": dataVersion,
  "2026_11_25_0017_calendar_by_dates": calendarByDates,
  "2026_12_06_0018_definitions": definitions,
  "2026_12_07_0019_applications": applications,
  "2026_12_07_0020_ta1_filings": ta1Filings,
  "2026_12_07_0025_sign_in_throttles": signInThrottles,
  "2026_12_07_0030_unit_address": unitAddress,
  "2026_12_07_0031_paid_for": paidFor,
  "2026_12_07_0032_dated_facts": datedFacts,
  "2026_12_07_0033_placement_decisions": placementDecisions,
  "2026_12_07_0040_paid_for_default": paidForDefault,
  "2026_12_07_0041_budgets": budgets,
  "2026_12_07_0042_negotiations": negotiations,
  "2026_12_07_0050_trial_design": trialDesign,
  "2026_12_07_0051_name_key": nameKey,
  "2026_12_07_0052_record_views": recordViews,
  "2026_12_07_0053_case_officer": caseOfficer,
  "2026_12_07_0055_contacts": contacts,
  "2026_12_07_0065_forecast_scenarios": forecastScenarios,
  "2026_12_07_0066_property_standards": propertyStandards,
  "2026_12_07_0067_districts": districts,
  "2026_12_07_0068_person_links": personLinks,
  "2026_12_07_0069_case_file": caseFile,
  "2026_12_07_0070_letters": letters,
  "2026_12_07_0071_household_merges": householdMerges,
  "2026_12_07_0072_retention": retention,
  "2026_12_07_0073_spend_month_totals": spendMonthTotals,
  "2026_12_07_0074_trial_episode_facts": trialEpisodeFacts,
  "2026_12_07_0075_member_matches": memberMatches,
  "2026_12_07_0076_spend_month_groups": spendMonthGroups,
  "2026_12_07_0077_household_fact_segments": householdFactSegments,
  "2026_12_07_0078_ta_night_facts": taNightFacts,
};
