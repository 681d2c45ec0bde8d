/**
 * Scenarios (issue 25, item 2): a named set of changes to supply, rates or length of stay,
 * saved (migration 0065) and compared with the baseline forecast month by month.
 * Every change is checked before anything is saved: whole units (1 or more), a start on
 * or after the day the data ends, a rate inside the money rules' range (MAX_RATE_PENCE),
 * a provider, type and district that exist, and a length-of-stay effect only from a
 * finished trial. A scenario is saved with its trial's measured effect, so it does not
 * move when the trial's data does.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Conn } from "~/lib/db/connect";
import { audit } from "~/lib/audit.server";
import { keptUntilDataChanges } from "~/lib/cache.server";
import { addDays, formatDate, type IsoDate } from "~/lib/dates";
import { govukDate, type Errors, type Values } from "~/lib/forms.server";
import { Z_95 } from "~/lib/stats";
import { MAX_RATE_PENCE, formatPence, parsePercent, parsePounds } from "~/features/money/money";
import { getTrial, trialGroups } from "~/features/trials/trials.server";
import { measureResult } from "~/features/trials/design";
import { forecastInputs, priceNewUnits, type ForecastInputs } from "./inputs.server";
import { runForecast, type Change, type ForecastResult, type StayChange } from "./model";

export const HORIZONS = [12, 24] as const;

export async function keptInputs(db: Conn, origin: IsoDate): Promise<ForecastInputs> {
  return keptUntilDataChanges(db, `forecast-inputs:${origin}`, () => forecastInputs(db, origin));
}

export async function keptForecast(
  db: Conn,
  origin: IsoDate,
  changes: readonly Change[],
  months: number,
  key: string,
): Promise<ForecastResult> {
  return keptUntilDataChanges(db, `forecast:${origin}:${months}:${key}`, async () => {
    const inputs = await keptInputs(db, origin);
    return runForecast(inputs, changes, months, await priceNewUnits(db, inputs, changes));
  });
}

/* ------------------------------------------------------------------ form */

const text = (max: number, label: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((s) => s.trim())
    .pipe(z.string().max(max, `${label} must be ${max} characters or fewer`));

const wholeNumber = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);

/** The scenario form's fields, in the order the error summary lists them. */
export const SCENARIO_FIELDS = [
  "name",
  "unitsAction",
  "unitsCount",
  "unitsTaType",
  "unitsBedrooms",
  "unitsDistrict",
  "unitsRate",
  "unitsBasis",
  "unitsPaidFor",
  "unitsFrom",
  "providerAction",
  "providerId",
  "providerChange",
  "providerFrom",
  "stayAction",
  "stayChange",
  "stayTrialId",
  "stayFrom",
  "notes",
] as const;

export interface ScenarioInput {
  name: string;
  notes: string | null;
  changes: Change[];
}

export interface ScenarioChoices {
  taTypes: { code: string; name: string }[];
  providers: { id: number; name: string }[];
  districts: { gss: string }[];
  trials: { id: number; name: string; finished: boolean; endDate: string | null }[];
}

export async function scenarioChoices(db: Conn, today: IsoDate): Promise<ScenarioChoices> {
  const [taTypes, providers, districts, trials] = await Promise.all([
    db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").execute(),
    db.selectFrom("providers").select(["id", "name"]).orderBy("name").execute(),
    sql<{ gss: string }>`SELECT DISTINCT district_gss AS gss FROM unit_facts WHERE district_gss IS NOT NULL ORDER BY 1`.execute(db),
    db.selectFrom("trials").select(["id", "name", "end_date"]).orderBy("name").execute(),
  ]);
  return {
    taTypes,
    providers: providers.map((p) => ({ id: Number(p.id), name: p.name })),
    districts: districts.rows,
    trials: trials.map((t) => ({
      id: Number(t.id),
      name: t.name,
      endDate: t.end_date,
      finished: t.end_date !== null && t.end_date < today,
    })),
  };
}

/**
 * The measured effect of a finished trial on length of stay, as a change to every stay in
 * basis points with its 95% interval: the difference in restricted mean days in TA (trial
 * minus comparison, to the trial's horizon) over the comparison's restricted mean.
 */
export async function trialEffect(
  db: Conn,
  trialId: number,
  today: IsoDate,
): Promise<{ ok: true; effect: NonNullable<StayChange["trial"]>; basisPoints: number } | { ok: false; message: string }> {
  let trial;
  try {
    trial = await getTrial(db, trialId);
  } catch {
    return { ok: false, message: "Select a trial from the list" };
  }
  if (trial.end_date === null || trial.end_date >= today)
    return { ok: false, message: `${trial.name} has not finished: use a trial whose end date has passed, or enter a percentage` };
  const groups = await trialGroups(db, trial, today);
  const comparison = groups.concurrent ?? groups.before ?? [];
  const horizon = trial.primary_measure === "length_of_stay" ? trial.primary_horizon : 90;
  const r = measureResult("length_of_stay", horizon, groups.trial, comparison);
  if (r.difference === null || r.se === null || !r.comparison)
    return { ok: false, message: `${trial.name} has no measured effect on length of stay${r.reason ? `: ${r.reason}` : ""}` };
  const bp = (x: number) => Math.max(-5000, Math.min(10_000, Math.round((x / r.comparison!) * 10_000)));
  return {
    ok: true,
    basisPoints: bp(r.difference),
    effect: { id: Number(trial.id), name: trial.name, lowerBp: bp(r.difference - Z_95 * r.se), upperBp: bp(r.difference + Z_95 * r.se) },
  };
}

function dateOf(values: Values, name: string, label: string, today: IsoDate, errors: Errors): IsoDate | null {
  const r = govukDate(label).safeParse({
    day: values[`${name}-day`] ?? "",
    month: values[`${name}-month`] ?? "",
    year: values[`${name}-year`] ?? "",
  });
  if (!r.success) {
    errors[name] = r.error.issues[0].message;
    return null;
  }
  const d = r.data as IsoDate;
  if (d < today) {
    errors[name] =
      `The date must be on or after ${formatDate(today)}: the data ends on ${formatDate(addDays(today, -1))}, and the forecast starts after it`;
    return null;
  }
  return d;
}

/** Reads and checks the scenario form; errors name the field, in GOV.UK words. Nothing is saved here. */
export async function readScenarioForm(
  db: Conn,
  values: Values,
  today: IsoDate,
): Promise<{ ok: true; data: ScenarioInput } | { ok: false; errors: Errors }> {
  const errors: Errors = {};
  const choices = await scenarioChoices(db, today);
  const name = text(120, "The name").safeParse(values.name);
  if (!name.success) errors.name = name.error.issues[0].message;
  else if (name.data === "") errors.name = "Enter a name for the scenario";
  else {
    const taken = await sql<{ n: number }>`SELECT count(*) AS n FROM forecast_scenarios WHERE lower(name) = lower(${name.data})`.execute(
      db,
    );
    if (Number(taken.rows[0].n) > 0) errors.name = "A scenario with this name already exists: choose another name";
  }
  const notes = text(2000, "Notes").safeParse(values.notes);
  if (!notes.success) errors.notes = notes.error.issues[0].message;
  const changes: Change[] = [];

  const unitsAction = values.unitsAction ?? "";
  if (unitsAction === "add" || unitsAction === "remove") {
    const count = wholeNumber(values.unitsCount ?? "");
    if ((values.unitsCount ?? "").trim() === "") errors.unitsCount = "Enter the number of units";
    else if (!Number.isSafeInteger(count)) errors.unitsCount = "The number of units must be a whole number, like 100";
    else if (count < 1) errors.unitsCount = "The number of units must be 1 or more";
    else if (count > 100_000) errors.unitsCount = "The number of units must be 100,000 or fewer";
    const taType = choices.taTypes.find((t) => t.code === values.unitsTaType);
    if (!taType) errors.unitsTaType = "Select the type of accommodation";
    const bedrooms = wholeNumber(values.unitsBedrooms ?? "");
    if ((values.unitsBedrooms ?? "").trim() === "") errors.unitsBedrooms = "Enter the number of bedrooms";
    else if (!Number.isSafeInteger(bedrooms) || bedrooms < 0 || bedrooms > 10)
      errors.unitsBedrooms = "Bedrooms must be a whole number from 0 (a studio) to 10";
    const district = (values.unitsDistrict ?? "").trim();
    if (district !== "" && !choices.districts.some((d) => d.gss === district)) errors.unitsDistrict = "Select a district from the list";
    let ratePence = 0;
    let basis: "night" | "week" = "week";
    let paidFor: "every_night" | "occupied_nights" = "every_night";
    if (unitsAction === "add") {
      const rate = parsePounds(values.unitsRate);
      if (!rate.ok) errors.unitsRate = rate.reason === "Enter an amount" ? "Enter the rate" : rate.reason.replace("Amount", "The rate");
      else if (rate.pence <= 0) errors.unitsRate = "The rate must be more than £0.00";
      else if (rate.pence > MAX_RATE_PENCE) errors.unitsRate = `The rate must be ${formatPence(MAX_RATE_PENCE)} or less`;
      else ratePence = rate.pence;
      if (values.unitsBasis !== "night" && values.unitsBasis !== "week")
        errors.unitsBasis = "Select whether the rate is per night or per week";
      else basis = values.unitsBasis;
      if (values.unitsPaidFor !== "every_night" && values.unitsPaidFor !== "occupied_nights")
        errors.unitsPaidFor = "Select whether the council pays for every night or only occupied nights";
      else paidFor = values.unitsPaidFor;
    }
    const from = dateOf(values, "unitsFrom", "date the change starts", today, errors);
    if (taType && from && !errors.unitsCount && !errors.unitsBedrooms && !errors.unitsRate && !errors.unitsDistrict)
      changes.push({
        kind: "units",
        action: unitsAction,
        count,
        taType: taType.code,
        bedrooms,
        district: district || null,
        ratePence,
        basis,
        paidFor,
        from,
      });
  } else if (unitsAction !== "") errors.unitsAction = "Select whether to add or remove units, or neither";

  const providerAction = values.providerAction ?? "";
  if (providerAction === "end" || providerAction === "rates") {
    const provider = choices.providers.find((p) => String(p.id) === values.providerId);
    if (!provider) errors.providerId = "Select a provider";
    let basisPoints = 0;
    if (providerAction === "rates") {
      const r = parsePercent(values.providerChange);
      if (!r.ok) errors.providerChange = r.reason;
      else basisPoints = r.basisPoints;
    }
    const from = dateOf(values, "providerFrom", "date the change starts", today, errors);
    if (provider && from && !errors.providerChange)
      changes.push({ kind: "provider", providerId: provider.id, action: providerAction, basisPoints, from });
  } else if (providerAction !== "") errors.providerAction = "Select what changes for the provider, or nothing";

  const stayAction = values.stayAction ?? "";
  if (stayAction === "percent" || stayAction === "trial") {
    const from = dateOf(values, "stayFrom", "date the change starts", today, errors);
    if (stayAction === "percent") {
      const r = parsePercent(values.stayChange);
      if (!r.ok) errors.stayChange = r.reason;
      else if (from) changes.push({ kind: "stay", basisPoints: r.basisPoints, trial: null, from });
    } else {
      const id = wholeNumber(values.stayTrialId ?? "");
      if (!choices.trials.some((t) => t.id === id)) errors.stayTrialId = "Select a trial";
      else {
        const e = await trialEffect(db, id, today);
        if (!e.ok) errors.stayTrialId = e.message;
        else if (from) changes.push({ kind: "stay", basisPoints: e.basisPoints, trial: e.effect, from });
      }
    }
  } else if (stayAction !== "") errors.stayAction = "Select how length of stay changes, or not at all";

  if (Object.keys(errors).length === 0 && changes.length === 0)
    errors.unitsAction = "Describe at least one change: units, a provider's rates or length of stay";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { name: name.data!, notes: notes.data || null, changes } };
}

/* --------------------------------------------------------------- storage */

export interface Scenario {
  id: number;
  name: string;
  notes: string | null;
  madeOn: IsoDate;
  changes: Change[];
  createdBy: string | null;
  createdAt: string;
}

export async function saveScenario(db: Conn, actorId: number | null, input: ScenarioInput, today: IsoDate): Promise<number> {
  const run = async (trx: Conn) => {
    const row = await trx
      .insertInto("forecast_scenarios")
      .values({ name: input.name, notes: input.notes, made_on: today, changes: JSON.stringify(input.changes), created_by: actorId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "create", entity: "forecast_scenario", entityId: Number(row.id), after: input });
    return Number(row.id);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export async function listScenarios(db: Conn, ids?: readonly number[]): Promise<Scenario[]> {
  let q = db
    .selectFrom("forecast_scenarios as s")
    .leftJoin("users as u", "u.id", "s.created_by")
    .select(["s.id", "s.name", "s.notes", "s.made_on", "s.changes", "s.created_at", "u.name as created_by"])
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc");
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where("s.id", "in", ids as number[]);
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    notes: r.notes,
    madeOn: r.made_on,
    changes: (typeof r.changes === "string" ? JSON.parse(r.changes) : r.changes) as Change[],
    createdBy: r.created_by,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
  }));
}

export async function getScenario(db: Conn, id: number): Promise<Scenario> {
  const [s] = Number.isSafeInteger(id) && id > 0 ? await listScenarios(db, [id]) : [];
  if (!s) throw new Response("Not Found", { status: 404 });
  return s;
}

/** A scenario and the baseline on today's data, for the scenario page, its print view and its CSV. */
export async function scenarioResult(db: Conn, day: IsoDate, s: Scenario, months: number) {
  const [inputs, base, result] = await Promise.all([
    keptInputs(db, day),
    keptForecast(db, day, [], months, "baseline"),
    keptForecast(db, day, s.changes, months, `scenario:${s.id}`),
  ]);
  return { inputs, base, result };
}

export function monthsParam(url: URL): number {
  const asked = Number(url.searchParams.get("months"));
  return (HORIZONS as readonly number[]).includes(asked) ? asked : 24;
}
