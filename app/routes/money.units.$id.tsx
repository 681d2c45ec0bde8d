import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { idParam, parseForm, parseId, readForm } from "~/lib/forms.server";
import { can } from "~/lib/permissions";
import { addDays, dateToParts, financialYearStart, formatDate } from "~/lib/dates";
import { formatPence, penceToPounds2dp } from "~/features/money/money";
import {
  addCharge,
  addRate,
  chargeSchema,
  correctCharge,
  correctRate,
  getUnitMoney,
  rateSchema,
  withDate,
} from "~/features/money/rates.server";
import { estimateStayCost } from "~/features/money/cost.server";
import { spendBy } from "~/features/money/spend.server";
import { unitPaidFor, voidBy } from "~/features/money/void.server";
import { unitBenchmark } from "~/features/money/benchmark.server";
import { sql } from "kysely";
import { auditFor } from "~/lib/audit.server";
import { BackLink, Button, DateInput, ErrorSummary, Input, NotificationBanner, Radios, SummaryList, Table } from "~/lib/components/govuk";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: (d: { unitRef?: string }) => (d?.unitRef ? `Rates for unit ${d.unitRef}` : "Rates") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const db = await getDb();
  const unitId = parseId(params.id);
  const day = today(request);
  const { unit, rates, charges } = await getUnitMoney(db, unitId);
  const url = new URL(request.url);
  const correct = idParam.safeParse(url.searchParams.get("correct")).data ?? null;
  const correctChargeId = idParam.safeParse(url.searchParams.get("correctCharge")).data ?? null;
  const week = await estimateStayCost(db, { unitId, start: day, nights: 7 });
  const history = await auditFor(db, { entity: "unit_rate" });
  // This financial year's nights to last night: the cost of occupied nights and, for a unit paid every night, of void ones.
  const fyFrom = financialYearStart(addDays(day, -1));
  const [occupied] = await spendBy(db, { from: fyFrom, to: day, group: "all", filter: sql<boolean>`p.unit_id = ${unitId}` });
  const [empty] = await voidBy(db, { from: fyFrom, to: day, group: "all", unitId });
  const paid = await unitPaidFor(db, unitId);
  const market = await unitBenchmark(db, unitId, day);
  return {
    paid,
    market,
    year: {
      from: formatDate(fyFrom),
      lastNight: formatDate(addDays(day, -1)),
      nights: occupied?.nights ?? 0,
      grossPence: occupied?.grossPence ?? 0,
      voidNights: empty?.voidNights ?? 0,
      voidPence: empty?.voidPence ?? 0,
    },
    unitRef: unit.unit_ref,
    unit,
    rates,
    charges,
    week,
    dayLabel: formatDate(day),
    canEdit: can(user.role, "edit:rates"),
    correct: rates.find((r) => r.id === correct) ?? null,
    correctCharge: charges.find((c) => c.id === correctChargeId) ?? null,
    saved: url.searchParams.get("saved"),
    history: history
      .map((h) => ({ h, own: ownChange(h.before, h.after, unitId) }))
      .filter((x) => x.own !== null)
      .slice(0, 20)
      .map(({ h, own }) => ({
        id: h.id,
        at: new Date(h.at).toLocaleString("en-GB", { timeZone: "Europe/London" }),
        who: h.user_name ?? "System",
        action:
          h.action === "bulk_change"
            ? own!.negotiationId
              ? `agreed negotiation ${own!.negotiationId}`
              : "provider-wide change"
            : h.action,
        before: own!.before ? describe(own!.before) : "",
        after: describe(own!.after),
      })),
  };
}

type RateAudit = { unit_id?: number; effective_from?: string; amount_pence?: number; basis?: string };

/**
 * This unit's part of a rate audit event: a single rate's before and after, or its row of a
 * provider-wide change (bulkRateChange: before lists the rates in force, after the new rows).
 */
function ownChange(
  before: unknown,
  after: unknown,
  unitId: number,
): { before: unknown; after: unknown; negotiationId?: number | null } | null {
  const a = after as (RateAudit & { rates?: RateAudit[]; negotiation_id?: number | null }) | null;
  if (a?.unit_id === unitId) return { before, after };
  const row = a?.rates?.find((r) => r.unit_id === unitId);
  if (!row) return null;
  const was = Array.isArray(before) ? (before as RateAudit[]).find((r) => r.unit_id === unitId) : undefined;
  return { before: was ?? null, after: { ...row, effective_from: a!.effective_from }, negotiationId: a!.negotiation_id ?? null };
}

function describe(v: unknown): string {
  const r = v as RateAudit | null;
  if (!r || r.amount_pence === undefined) return "";
  const amount = `${formatPence(r.amount_pence)} a ${r.basis === "week" ? "week" : "night"}`;
  return r.effective_from ? `${amount} from ${formatDate(r.effective_from)}` : amount;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:rates");
  const unitId = parseId(params.id);
  const db = await getDb();
  await getUnitMoney(db, unitId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "add-rate" || intent === "correct-rate") {
    const parsed = parseForm(form, rateSchema, (v) => withDate(v, "effectiveFrom"));
    if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, intent };
    const rateId = idParam.safeParse(form.get("rateId")).data;
    if (intent === "correct-rate" && rateId === undefined) {
      return { errors: { rateId: "That rate no longer exists" }, values: parsed.values, intent };
    }
    try {
      if (rateId === undefined || intent === "add-rate") await addRate(db, user.id, unitId, parsed.data);
      else await correctRate(db, user.id, unitId, rateId, parsed.data);
    } catch (e) {
      return { errors: asRefusal(e).errors(), values: parsed.values, intent };
    }
    throw redirect(`/money/units/${unitId}?saved=rate`);
  }
  if (intent === "add-charge" || intent === "correct-charge") {
    const parsed = parseForm(form, chargeSchema, (v) => ({
      ...withDate(v, "chargeFrom"),
      effectiveFrom: withDate(v, "chargeFrom").chargeFrom,
      amount: v.chargeAmount,
    }));
    if (!parsed.ok) return { errors: renameCharge(parsed.errors), values: parsed.values, intent };
    const chargeId = idParam.safeParse(form.get("chargeId")).data;
    if (intent === "correct-charge" && chargeId === undefined) {
      return { errors: { chargeId: "That charge no longer exists" }, values: parsed.values, intent };
    }
    try {
      if (chargeId === undefined || intent === "add-charge") await addCharge(db, user.id, unitId, parsed.data);
      else await correctCharge(db, user.id, unitId, chargeId, parsed.data);
    } catch (e) {
      return { errors: renameCharge(asRefusal(e).errors()), values: parsed.values, intent };
    }
    throw redirect(`/money/units/${unitId}?saved=charge`);
  }
  throw new Response("Bad Request", { status: 400 });
}

function renameCharge(e: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e)) out[k === "effectiveFrom" ? "chargeFrom" : k === "amount" ? "chargeAmount" : k] = v;
  return out;
}

const parts = (v: Record<string, string> | undefined, name: string) =>
  v ? { day: v[`${name}-day`] ?? "", month: v[`${name}-month`] ?? "", year: v[`${name}-year`] ?? "" } : undefined;

export default function UnitRates() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const rateForm = a && (a.intent === "add-rate" || a.intent === "correct-rate") ? a : null;
  const chargeForm = a && (a.intent === "add-charge" || a.intent === "correct-charge") ? a : null;
  const rv =
    rateForm?.values ??
    (d.correct
      ? ({
          "effectiveFrom-day": dateToParts(d.correct.effective_from).day,
          "effectiveFrom-month": dateToParts(d.correct.effective_from).month,
          "effectiveFrom-year": dateToParts(d.correct.effective_from).year,
          amount: penceToPounds2dp(d.correct.amount_pence),
          basis: d.correct.basis,
        } as Record<string, string>)
      : undefined);
  const cv =
    chargeForm?.values ??
    (d.correctCharge
      ? ({
          "chargeFrom-day": dateToParts(d.correctCharge.effective_from).day,
          "chargeFrom-month": dateToParts(d.correctCharge.effective_from).month,
          "chargeFrom-year": dateToParts(d.correctCharge.effective_from).year,
          chargeAmount: penceToPounds2dp(d.correctCharge.weekly_pence),
        } as Record<string, string>)
      : undefined);
  const u = d.unit;
  return (
    <>
      <BackLink to="/money/rates">Rates and charges</BackLink>
      {d.saved ? <NotificationBanner success>{d.saved === "rate" ? "Rate saved." : "Charge saved."}</NotificationBanner> : null}
      <ErrorSummary values={a?.values} errors={a?.errors} order={["effectiveFrom", "amount", "basis", "chargeFrom", "chargeAmount"]} />
      <span className="govuk-caption-l">{u.provider_name}</span>
      <h1 className="govuk-heading-l">Rates for unit {u.unit_ref}</h1>
      <p className="govuk-body" id="recorded-estimated">
        Recorded: the rates, the charges and the nights occupied and empty. Estimated: the housing benefit subsidy in the week&apos;s cost
        below.
      </p>
      <SummaryList
        rows={[
          { key: "Where", value: `${u.property_name}${u.name ? `, ${u.name}` : ""}, ${u.town}` },
          {
            key: "Type",
            value: `${u.ta_type}, ${u.bedrooms} ${u.bedrooms === 1 ? "bedroom" : "bedrooms"}, ${u.self_contained ? "self-contained" : "not self-contained"}`,
          },
          { key: "Broad rental market area", value: u.brma ?? "Not recorded" },
          {
            key: "Paid for",
            value: `${d.paid.paidFor === "every_night" ? "Every night, occupied or not (a lease or block booking)" : "Occupied nights only"}${d.paid.own ? "" : " (the default for its type)"}`,
          },
          {
            key: `Rate against the market on ${d.dayLabel}`,
            value: d.market
              ? `${formatPence(d.market.nightlyPence)} a night against a median of ${formatPence(d.market.medianPence)} for the ${d.market.peers} ${d.market.peers === 1 ? "unit" : "units"} of its type, bedrooms and district${d.market.abovePence > 0 ? `: ${formatPence(d.market.abovePence)} above; at the median the last 365 nights would have cost ${formatPence(d.market.savingPence)} less` : ""}`
              : "Not compared: not in use, or no rate, on this day",
          },
          {
            key: `Occupied nights, ${d.year.from} to ${d.year.lastNight}`,
            value: `${d.year.nights.toLocaleString("en-GB")} nights, ${formatPence(d.year.grossPence)} (recorded rates)`,
          },
          {
            key: `Void nights (paid for, nobody placed), ${d.year.from} to ${d.year.lastNight}`,
            value:
              d.paid.paidFor === "every_night" || d.year.voidNights > 0
                ? `${d.year.voidNights.toLocaleString("en-GB")} nights, ${formatPence(d.year.voidPence)}`
                : "None: paid per occupied night",
          },
          {
            key: `A week from ${d.dayLabel}`,
            value: d.week.nights ? (
              <>
                {formatPence(d.week.grossPence)} gross
                {d.week.netPence !== null ? (
                  <>
                    , {formatPence(d.week.netPence)} net of an estimated {formatPence(d.week.subsidyPence ?? 0)} subsidy
                  </>
                ) : (
                  <> (subsidy unknown: {d.week.explanation})</>
                )}
                {d.week.unpricedNights ? ` (${d.week.unpricedNights} nights with no rate)` : ""}
              </>
            ) : (
              "No rate"
            ),
          },
        ]}
      />
      <Table
        caption="Cost to the council"
        rowKey={(r) => r.id}
        rows={d.rates}
        empty="No rate recorded for this unit."
        columns={[
          { header: "From", cell: (r) => formatDate(r.effective_from) },
          { header: "Rate", cell: (r) => `${formatPence(r.amount_pence)} a ${r.basis === "week" ? "week" : "night"}`, numeric: true },
          ...(d.canEdit
            ? [
                {
                  header: <span className="govuk-visually-hidden">Action</span>,
                  cell: (r: (typeof d.rates)[number]) => (
                    <Link className="govuk-link" to={`?correct=${r.id}#rate-form`}>
                      Correct<span className="govuk-visually-hidden"> the rate from {formatDate(r.effective_from)}</span>
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      {d.canEdit ? (
        <Form method="post" noValidate id="rate-form" className="govuk-!-margin-bottom-9">
          <h2 className="govuk-heading-m">{d.correct ? `Correct the rate from ${formatDate(d.correct.effective_from)}` : "Add a rate"}</h2>
          <input type="hidden" name="intent" value={d.correct ? "correct-rate" : "add-rate"} />
          {d.correct ? <input type="hidden" name="rateId" value={d.correct.id} /> : null}
          <DateInput
            name="effectiveFrom"
            legend="Date the rate starts"
            hint="For example, 1 4 2026"
            value={parts(rv, "effectiveFrom")}
            error={rateForm?.errors.effectiveFrom}
          />
          <Input
            name="amount"
            label="Rate"
            prefix="£"
            width="10"
            inputMode="decimal"
            hint="In pounds and pence, like 65.00"
            defaultValue={rv?.amount}
            error={rateForm?.errors.amount}
          />
          <Radios
            name="basis"
            legend="Per"
            inline
            defaultValue={rv?.basis ?? "night"}
            error={rateForm?.errors.basis}
            choices={[
              { value: "night", label: "Night" },
              { value: "week", label: "Week" },
            ]}
          />
          <Button>{d.correct ? "Save the correction" : "Add rate"}</Button>
          {d.correct ? (
            <p className="govuk-body">
              <Link className="govuk-link" to=".">
                Cancel
              </Link>
            </p>
          ) : null}
        </Form>
      ) : null}
      <Table
        caption="Weekly charge to the household"
        rowKey={(c) => c.id}
        rows={d.charges}
        empty="No charge to the household recorded: subsidy is estimated on the council's cost."
        columns={[
          { header: "From", cell: (c) => formatDate(c.effective_from) },
          { header: "Charge", cell: (c) => `${formatPence(c.weekly_pence)} a week`, numeric: true },
          ...(d.canEdit
            ? [
                {
                  header: <span className="govuk-visually-hidden">Action</span>,
                  cell: (c: (typeof d.charges)[number]) => (
                    <Link className="govuk-link" to={`?correctCharge=${c.id}#charge-form`}>
                      Correct<span className="govuk-visually-hidden"> the charge from {formatDate(c.effective_from)}</span>
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      {d.canEdit ? (
        <Form method="post" noValidate id="charge-form" className="govuk-!-margin-bottom-9">
          <h2 className="govuk-heading-m">
            {d.correctCharge ? `Correct the charge from ${formatDate(d.correctCharge.effective_from)}` : "Add a weekly charge"}
          </h2>
          <input type="hidden" name="intent" value={d.correctCharge ? "correct-charge" : "add-charge"} />
          {d.correctCharge ? <input type="hidden" name="chargeId" value={d.correctCharge.id} /> : null}
          <DateInput
            name="chargeFrom"
            legend="Date the charge starts"
            value={parts(cv, "chargeFrom")}
            error={chargeForm?.errors.chargeFrom}
          />
          <Input
            name="chargeAmount"
            label="Weekly charge"
            prefix="£"
            width="10"
            inputMode="decimal"
            defaultValue={cv?.chargeAmount}
            error={chargeForm?.errors.chargeAmount}
          />
          <Button>{d.correctCharge ? "Save the correction" : "Add charge"}</Button>
        </Form>
      ) : null}
      <Table
        caption="Changes to this unit's rates"
        rowKey={(h) => h.id}
        rows={d.history}
        empty="No changes recorded in Waypoint."
        columns={[
          { header: "When", cell: (h) => h.at },
          { header: "Who", cell: (h) => h.who },
          { header: "What", cell: (h) => h.action },
          { header: "Before", cell: (h) => h.before },
          { header: "After", cell: (h) => h.after },
        ]}
      />
    </>
  );
}
