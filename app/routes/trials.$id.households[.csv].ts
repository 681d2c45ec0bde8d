import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/session.server";
import { getDb } from "~/db.server";
import { today } from "~/clock.server";
import { parseId } from "~/forms.server";
import { getTrial, TRIAL_CSV_HEADER, trialCsvRows } from "~/models/trials.server";
import { csvResponse, toCsv } from "~/models/csv.server";

/** The anonymised household-level data behind a trial: no names, dates of birth, case references or exact dates. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const db = await getDb();
  const trial = await getTrial(db, parseId(params.id));
  const rows = await trialCsvRows(db, trial, today(request));
  return csvResponse(`trial-${trial.id}-households.csv`, toCsv(TRIAL_CSV_HEADER, rows));
}
