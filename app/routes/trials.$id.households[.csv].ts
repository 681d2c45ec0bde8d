import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseId } from "~/lib/forms.server";
import { getTrial, TRIAL_CSV_HEADER, trialCsvRows } from "~/features/trials/trials.server";
import { csvResponse, toCsv } from "~/lib/csv.server";

/** The anonymised household-level data behind a trial: no names, dates of birth, case references or exact dates. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  const db = await getDb();
  const trial = await getTrial(db, parseId(params.id));
  const rows = await trialCsvRows(db, trial, today(request));
  return csvResponse(`trial-${trial.id}-households.csv`, toCsv(TRIAL_CSV_HEADER, rows));
}
