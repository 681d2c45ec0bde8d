/** Test and learn exports: the anonymised household-level rows behind every change. */
import { registerExport } from "~/lib/exports.server";
import { csvLine } from "~/lib/csv.server";
import { TRIAL_CSV_HEADER, trialCsvRows } from "~/features/trials/trials.server";

registerExport({
  name: "trial-households",
  description:
    "Anonymised household-level data behind every test-and-learn change (pseudonymous ids, entry week, days in TA, censored flag, household type, TA type at entry, gross cost), as at a date",
  params: ["asOf"],
  async *run(db, params) {
    yield csvLine(TRIAL_CSV_HEADER);
    const trials = await db.selectFrom("trials").selectAll().orderBy("id").execute();
    for (const trial of trials) {
      for (const row of await trialCsvRows(db, trial, params.asOf ?? params.today)) yield csvLine(row);
    }
  },
});
