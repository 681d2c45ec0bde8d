import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { can } from "~/lib/permissions";
import { addDays, eachNight, formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import type { LineOutcome } from "~/features/invoices/invoices";
import { keptUntilDataChanges } from "~/lib/cache.server";
import {
  addInvoiceLine,
  checkInvoices,
  getInvoice,
  invoiceLineSchema,
  setInvoiceStatus,
  statusSchema,
} from "~/features/invoices/invoices.server";
import { withDate } from "~/features/money/rates.server";
import { auditFor } from "~/lib/audit.server";
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  Input,
  NotificationBanner,
  Radios,
  SummaryList,
  Table,
  Tag,
  Textarea,
  WarningText,
} from "~/lib/components/govuk";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: (d: { ref?: string }) => (d?.ref ? `Invoice ${d.ref}` : "Invoice") };

const VOID_REASON = {
  after_checkout: "after the household checked out",
  before_checkin: "before the household checked in",
  no_placement: "nobody placed",
} as const;

function problemOf(o: LineOutcome): string {
  switch (o.kind) {
    case "void_billed":
      return `Billed with nobody placed: ${VOID_REASON[o.reason]}`;
    case "void_paid":
      return `Nobody placed, but the unit is paid for every night: ${formatPence(o.billedPence)} billed, ${formatPence(o.expectedPence)} agreed`;
    case "future_nights":
      return `Billed for nights after ${formatDate(o.notAfter)} (the invoice's date or today): not yet passed`;
    case "billed_twice":
      return `Billed twice: also on ${o.alsoBilledOn.map((b) => `${b.sameInvoice ? "this invoice" : `invoice ${b.invoiceRef}`}, line ${b.lineNo}`).join("; ")}`;
    case "rate_mismatch":
      return o.differencePence > 0
        ? `Billed above the agreed rate: ${formatPence(o.billedPence)} billed, ${formatPence(o.expectedPence)} agreed`
        : `Billed below the agreed rate: ${formatPence(o.billedPence)} billed, ${formatPence(o.expectedPence)} agreed`;
    case "unmatched":
      return `Not checked: ${o.reason}`;
    case "no_rate":
      return "Not checked: no agreed rate for these nights";
    case "household_mismatch":
      return `A different household was placed (${o.placedCaseRefs.join(", ")}), not ${o.billedHouseholdRef}`;
    case "invalid":
      return `Not checked: ${o.reason}`;
    default:
      return "Matched";
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const db = await getDb();
  const id = parseId(params.id);
  const inv = await getInvoice(db, id);
  // Kept until any data changes, as the other money pages are (ADR 0017).
  const day = today(request);
  const check = await keptUntilDataChanges(db, `invoice:${id}:${day}`, async () => (await checkInvoices(db, [id], day)).get(id)!);
  const overNights: { key: string; night: string; unit: string; line: number; problem: string }[] = [];
  const futureNights: { key: string; line: number; unit: string; first: string; last: string; nights: number }[] = [];
  for (const l of check.lines) {
    for (const o of l.outcomes) {
      if (o.kind === "future_nights") {
        for (const r of o.ranges)
          futureNights.push({
            key: `${l.line.lineNo}-${r.from}`,
            line: l.line.lineNo,
            unit: l.line.unitRef,
            first: formatDate(r.from),
            last: formatDate(addDays(r.to, -1)),
            nights: r.nights,
          });
      }
      if (o.kind === "void_billed" || o.kind === "billed_twice") {
        for (const r of o.ranges)
          for (const n of eachNight(r.from, r.to))
            overNights.push({
              key: `${l.line.lineNo}-${n}-${o.kind}`,
              night: formatDate(n),
              unit: l.line.unitRef,
              line: l.line.lineNo,
              problem: problemOf(o),
            });
      }
    }
  }
  const rateLines = check.lines.flatMap((l) =>
    l.outcomes
      .filter((o) => o.kind === "rate_mismatch" && o.differencePence > 0)
      .map((o) => ({ line: l.line.lineNo, unit: l.line.unitRef, nights: o.nights, problem: problemOf(o), excess: o.pence })),
  );
  const history = await auditFor(db, { entity: "invoice", entityId: String(id) });
  return {
    ref: inv.invoice_ref,
    inv: {
      ...inv,
      received: formatDate(inv.received_on),
      decidedAt: inv.decided_at ? new Date(inv.decided_at).toLocaleString("en-GB", { timeZone: "Europe/London" }) : null,
    },
    period: check.period ? `${formatDate(check.period.from)} to ${formatDate(addDays(check.period.to, -1))}` : "No lines",
    totals: check.totals,
    lines: check.lines.map((l) => ({
      no: l.line.lineNo,
      unit: l.line.unitRef,
      household: l.line.householdRef ?? "",
      first: formatDate(l.line.from),
      last: formatDate(addDays(l.line.to, -1)),
      nights: l.nights,
      billed: l.money.billedPence,
      over: l.money.overBilledPence,
      kinds: [...new Set(l.outcomes.map((o) => o.kind))],
    })),
    overNights,
    futureNights,
    notAfter: formatDate(inv.received_on < day ? inv.received_on : day),
    rateLines,
    unbilled: check.unbilled.map((u, i) => ({
      key: i,
      unit: u.unitRef,
      caseRef: u.caseRef,
      first: formatDate(u.from),
      last: formatDate(addDays(u.to, -1)),
      nights: u.nights,
      pence: u.pence,
    })),
    canEdit: can(user.role, "edit:invoices"),
    saved: new URL(request.url).searchParams.get("saved"),
    history: history.map((h) => ({
      id: h.id,
      at: new Date(h.at).toLocaleString("en-GB", { timeZone: "Europe/London" }),
      who: h.user_name ?? "System",
      action: h.action,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:invoices");
  const id = parseId(params.id);
  const db = await getDb();
  await getInvoice(db, id);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "status") {
    const parsed = parseForm(form, statusSchema);
    if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, intent };
    await setInvoiceStatus(db, user.id, id, parsed.data.status, parsed.data.note);
    throw redirect(`/money/invoices/${id}?saved=${parsed.data.status}`);
  }
  if (intent === "add-line") {
    const parsed = parseForm(form, invoiceLineSchema, (v) => withDate(v, "firstNight", "lastNight"));
    if (!parsed.ok) return { errors: parsed.errors, values: parsed.values, intent };
    try {
      await addInvoiceLine(db, user.id, id, {
        unitRef: parsed.data.unitRef,
        householdRef: parsed.data.householdRef || null,
        from: parsed.data.firstNight,
        to: addDays(parsed.data.lastNight, 1),
        amountPence: parsed.data.amount,
      });
    } catch (e) {
      return { errors: asRefusal(e).errors(), values: parsed.values, intent };
    }
    throw redirect(`/money/invoices/${id}?saved=line`);
  }
  throw new Response("Bad Request", { status: 400 });
}

const KIND_TAG: Record<string, JSX.Element> = {
  matched: <Tag colour="green">Matched</Tag>,
  rate_mismatch: <Tag colour="orange">Different rate</Tag>,
  void_billed: <Tag colour="red">Nobody placed</Tag>,
  void_paid: <Tag colour="purple">Void, paid every night</Tag>,
  future_nights: <Tag colour="red">Future nights</Tag>,
  billed_twice: <Tag colour="red">Billed twice</Tag>,
  unmatched: <Tag colour="grey">Unknown unit</Tag>,
  no_rate: <Tag colour="grey">No agreed rate</Tag>,
  household_mismatch: <Tag colour="yellow">Other household</Tag>,
  invalid: <Tag colour="grey">Not valid</Tag>,
};
const STATUS_TAG = {
  received: <Tag>To check</Tag>,
  approved: <Tag colour="green">Approved</Tag>,
  disputed: <Tag colour="red">Disputed</Tag>,
} as const;

export default function InvoicePage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const saved = d.saved;
  const v = a?.values ?? {};
  const t = d.totals;
  return (
    <>
      <BackLink to="/money/invoices">Provider invoices</BackLink>
      {saved ? (
        <NotificationBanner success>
          {saved === "line" ? "Line added." : saved === "approved" ? "Invoice approved." : "Invoice marked as disputed."}
        </NotificationBanner>
      ) : null}
      <ErrorSummary
        values={v}
        errors={a?.errors}
        order={["unitRef", "householdRef", "firstNight", "lastNight", "amount", "status", "note"]}
      />
      <span className="govuk-caption-l">{d.inv.provider_name}</span>
      <h1 className="govuk-heading-l">Invoice {d.inv.invoice_ref}</h1>
      <p className="govuk-body" id="recorded-estimated">
        Recorded: the invoice's lines, the placements and the agreed rates it is checked against. Nothing here is estimated.
      </p>
      {t.overBilledPence > 0 ? <WarningText>{formatPence(t.overBilledPence)} of this invoice is over-billed.</WarningText> : null}
      <SummaryList
        rows={[
          {
            key: "Status",
            value: (
              <>
                {STATUS_TAG[d.inv.status]}
                {d.inv.decidedAt ? ` by ${d.inv.decided_by_name ?? "System"} on ${d.inv.decidedAt}` : ""}
                {d.inv.status_note ? <p className="govuk-body govuk-!-margin-top-2">{d.inv.status_note}</p> : null}
              </>
            ),
          },
          { key: "Received", value: d.inv.received },
          { key: "Nights billed", value: d.period },
          { key: "Billed", value: formatPence(t.billedPence) },
          { key: "Accepted (matches the nights occupied and the agreed rates)", value: formatPence(t.acceptedPence) },
          {
            key: "Over-billed",
            value: `${formatPence(t.overBilledPence)}: ${formatPence(t.voidPence)} for nights with nobody placed, ${formatPence(t.duplicatePence)} billed twice, ${formatPence(t.rateExcessPence)} above the agreed rate`,
          },
          {
            key: "Under-billed",
            value: `${formatPence(t.underBilledPence)}: ${formatPence(t.unbilledPence)} for ${t.unbilledNights} placement nights not billed, ${formatPence(t.rateShortfallPence)} below the agreed rate`,
          },
          {
            key: "Void cost (nobody placed in a unit paid for every night)",
            value: `${formatPence(t.voidPaidPence)} for ${t.voidPaidNights} nights`,
          },
          {
            key: "Not checked",
            value: `${formatPence(t.unverifiedPence)}${t.futureNights ? `, of which ${formatPence(t.futurePence)} for ${t.futureNights} nights after the invoice's date or today` : ""}`,
          },
        ]}
      />
      <Table
        caption="Over-billed nights"
        rowKey={(n) => n.key}
        rows={d.overNights}
        empty="No nights billed with nobody placed or billed twice."
        columns={[
          { header: "Night", cell: (n) => n.night },
          { header: "Unit", cell: (n) => n.unit },
          { header: "Line", cell: (n) => n.line, numeric: true },
          { header: "Problem", cell: (n) => n.problem },
        ]}
      />
      {d.futureNights.length ? (
        <Table
          caption="Nights billed before they had passed"
          rowKey={(n) => n.key}
          rows={d.futureNights}
          columns={[
            { header: "Line", cell: (n) => n.line, numeric: true },
            { header: "Unit", cell: (n) => n.unit },
            { header: "First night", cell: (n) => n.first },
            { header: "Last night", cell: (n) => n.last },
            { header: "Nights", cell: (n) => n.nights, numeric: true },
          ]}
        />
      ) : null}
      {d.futureNights.length ? (
        <p className="govuk-body">
          These nights are after {d.notAfter} (the invoice&apos;s date, or today if earlier): nobody can yet say they were occupied, so they
          are not accepted.
        </p>
      ) : null}
      <Table
        caption="Lines billed above the agreed rate"
        rowKey={(r) => `${r.line}`}
        rows={d.rateLines}
        empty="No lines billed above the agreed rate."
        columns={[
          { header: "Line", cell: (r) => r.line, numeric: true },
          { header: "Unit", cell: (r) => r.unit },
          { header: "Nights", cell: (r) => r.nights, numeric: true },
          { header: "Problem", cell: (r) => r.problem },
          { header: "Over-billed", cell: (r) => formatPence(r.excess), numeric: true },
        ]}
      />
      <Table
        caption="Placement nights not billed"
        rowKey={(u) => u.key}
        rows={d.unbilled}
        empty="Every placement night of these units in the period is billed."
        columns={[
          { header: "Unit", cell: (u) => u.unit },
          { header: "Household", cell: (u) => u.caseRef },
          { header: "First night", cell: (u) => u.first },
          { header: "Last night", cell: (u) => u.last },
          { header: "Nights", cell: (u) => u.nights, numeric: true },
          { header: "At the agreed rate", cell: (u) => formatPence(u.pence), numeric: true },
        ]}
      />
      <Table
        caption="Lines"
        rowKey={(l) => l.no}
        rows={d.lines}
        empty="No lines yet."
        columns={[
          { header: "Line", cell: (l) => l.no, numeric: true },
          { header: "Unit", cell: (l) => l.unit },
          { header: "Household", cell: (l) => l.household },
          { header: "First night", cell: (l) => l.first },
          { header: "Last night", cell: (l) => l.last },
          { header: "Nights", cell: (l) => l.nights, numeric: true },
          { header: "Billed", cell: (l) => formatPence(l.billed), numeric: true },
          { header: "Over-billed", cell: (l) => formatPence(l.over), numeric: true },
          {
            header: "Check",
            cell: (l) => (
              <>
                {l.kinds.map((k) => (
                  <span key={k}>{KIND_TAG[k]} </span>
                ))}
              </>
            ),
          },
        ]}
      />
      {d.canEdit ? (
        <>
          <Form method="post" noValidate className="govuk-!-margin-bottom-9">
            <h2 className="govuk-heading-m">Approve or dispute</h2>
            <input type="hidden" name="intent" value="status" />
            <Radios
              name="status"
              legend="Decision"
              defaultValue={a?.intent === "status" ? v.status : undefined}
              error={a?.intent === "status" ? a.errors.status : undefined}
              choices={[
                { value: "approved", label: "Approve the invoice" },
                { value: "disputed", label: "Dispute the invoice" },
              ]}
            />
            <Textarea
              name="note"
              label="Note"
              hint="Required when disputing: say which nights or lines and why"
              defaultValue={a?.intent === "status" ? v.note : undefined}
              error={a?.intent === "status" ? a.errors.note : undefined}
            />
            <Button>Save the decision</Button>
          </Form>
          {d.inv.status === "received" ? (
            <Form method="post" noValidate className="govuk-!-margin-bottom-9">
              <h2 className="govuk-heading-m">Add a line</h2>
              <input type="hidden" name="intent" value="add-line" />
              <Input
                name="unitRef"
                label="Unit reference"
                width="20"
                defaultValue={v.unitRef}
                error={a?.intent === "add-line" ? a.errors.unitRef : undefined}
              />
              <Input
                name="householdRef"
                label="Household reference (optional)"
                width="20"
                defaultValue={v.householdRef}
                error={a?.intent === "add-line" ? a.errors.householdRef : undefined}
              />
              <DateInput
                name="firstNight"
                legend="First night billed"
                error={a?.intent === "add-line" ? a.errors.firstNight : undefined}
                value={{ day: v["firstNight-day"] ?? "", month: v["firstNight-month"] ?? "", year: v["firstNight-year"] ?? "" }}
              />
              <DateInput
                name="lastNight"
                legend="Last night billed"
                hint="The night before check-out; the same as the first night for one night"
                error={a?.intent === "add-line" ? a.errors.lastNight : undefined}
                value={{ day: v["lastNight-day"] ?? "", month: v["lastNight-month"] ?? "", year: v["lastNight-year"] ?? "" }}
              />
              <Input
                name="amount"
                label="Amount"
                prefix="£"
                width="10"
                inputMode="decimal"
                defaultValue={v.amount}
                error={a?.intent === "add-line" ? a.errors.amount : undefined}
              />
              <Button secondary>Add the line</Button>
            </Form>
          ) : null}
        </>
      ) : null}
      <Table
        caption="History"
        rowKey={(h) => h.id}
        rows={d.history}
        empty="No changes recorded."
        columns={[
          { header: "When", cell: (h) => h.at },
          { header: "Who", cell: (h) => h.who },
          { header: "What", cell: (h) => h.action },
        ]}
      />
    </>
  );
}
