import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { can } from "~/lib/permissions";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { auditFor } from "~/lib/audit.server";
import { withDate } from "~/features/money/rates.server";
import {
  agreeNegotiation,
  agreeSchema,
  listNegotiations,
  offerSchema,
  recordOffer,
  refuseNegotiation,
  refuseSchema,
} from "~/features/money/negotiations.server";
import { NEGOTIATION_STATUS, formatChange } from "~/features/money/negotiations";
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  Input,
  NotificationBanner,
  SummaryList,
  Table,
  Tag,
  Textarea,
} from "~/lib/components/govuk";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Rate negotiation" };

const ACTIONS: Record<string, string> = { ask: "Asked", offer: "Offer recorded", agree: "Agreed", refuse: "Refused" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const id = parseId(params.id);
  const db = await getDb();
  const [n] = await listNegotiations(db, { id });
  if (!n) throw new Response("Not Found", { status: 404 });
  const rates = await db
    .selectFrom("unit_rates as r")
    .innerJoin("units as u", "u.id", "r.unit_id")
    .select([
      "u.id as unit_id",
      "u.unit_ref",
      "r.amount_pence",
      "r.basis",
      (eb) =>
        eb
          .selectFrom("unit_rates as x")
          .select("x.amount_pence")
          .whereRef("x.unit_id", "=", "r.unit_id")
          .whereRef("x.effective_from", "<", "r.effective_from")
          .orderBy("x.effective_from", "desc")
          .limit(1)
          .as("previous_pence"),
    ])
    .where("r.negotiation_id", "=", id)
    .orderBy("u.unit_ref")
    .execute();
  const history = await auditFor(db, { entity: "rate_negotiation", entityId: String(id) });
  const dated = (d: string | null) => (d ? formatDate(d) : "");
  const stamp = (d: Date | string | null) => (d ? new Date(d).toLocaleString("en-GB", { timeZone: "Europe/London" }) : "");
  return {
    canEdit: can(user.role, "edit:rates"),
    n: {
      id: n.id,
      provider: n.provider_name,
      scope: n.ta_type ?? "All types",
      status: n.status,
      open: n.status === "asked" || n.status === "offered",
      asked: `${formatChange(n.asked_basis_points)} on ${dated(n.asked_on)}, recorded by ${n.asked_by_name ?? "System"} at ${stamp(n.asked_at)}`,
      offered:
        n.offered_basis_points === null
          ? ""
          : `${formatChange(n.offered_basis_points)} on ${dated(n.offered_on)}, recorded by ${n.offered_by_name ?? "System"} at ${stamp(n.offered_at)}`,
      decided:
        n.status === "agreed"
          ? `Agreed on ${dated(n.agreed_on)}, recorded by ${n.decided_by_name ?? "System"} at ${stamp(n.decided_at)}`
          : n.status === "refused"
            ? `Refused on ${dated(n.refused_on)}, recorded by ${n.decided_by_name ?? "System"} at ${stamp(n.decided_at)}`
            : "",
      change: formatChange(n.offered_basis_points ?? n.asked_basis_points),
      effectiveFrom: dated(n.effective_from),
      notes: n.notes ?? "",
    },
    rates: rates.map((r) => ({
      unitId: r.unit_id,
      unitRef: r.unit_ref,
      per: r.basis === "week" ? "week" : "night",
      previous: r.previous_pence === null ? "" : formatPence(r.previous_pence),
      now: formatPence(r.amount_pence),
    })),
    history: history.map((h) => ({ id: h.id, at: stamp(h.at), who: h.user_name ?? "System", what: ACTIONS[h.action] ?? h.action })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:rates");
  const id = parseId(params.id);
  const db = await getDb();
  const raw = await readForm(request);
  const intent = String(raw.get("intent") ?? "");
  if (intent === "offer") {
    const form = parseForm(raw, offerSchema, (v) => withDate(v, "offeredOn"));
    if (!form.ok) return { errors: form.errors, values: form.values, done: null };
    try {
      await recordOffer(db, user.id, id, form.data);
    } catch (e) {
      return { errors: asRefusal(e).errors(), values: form.values, done: null };
    }
    return { errors: null, values: null, done: "Offer recorded." };
  }
  if (intent === "agree") {
    const form = parseForm(raw, agreeSchema, (v) => withDate(v, "agreedOn", "effectiveFrom"));
    if (!form.ok) return { errors: form.errors, values: form.values, done: null };
    let count: number;
    try {
      count = await agreeNegotiation(db, user.id, id, form.data);
    } catch (e) {
      return { errors: asRefusal(e).errors(), values: form.values, done: null };
    }
    return {
      errors: null,
      values: null,
      done: `Agreed: ${count} ${count === 1 ? "unit has" : "units have"} a new rate from ${formatDate(form.data.effectiveFrom)}.`,
    };
  }
  if (intent === "refuse") {
    const form = parseForm(raw, refuseSchema, (v) => withDate(v, "refusedOn"));
    if (!form.ok) return { errors: form.errors, values: form.values, done: null };
    try {
      await refuseNegotiation(db, user.id, id, form.data);
    } catch (e) {
      return { errors: asRefusal(e).errors(), values: form.values, done: null };
    }
    return { errors: null, values: null, done: "Refusal recorded." };
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function Negotiation() {
  const { n, rates, history, canEdit } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v: Record<string, string> = a?.values ?? {};
  const date = (k: string) => ({ day: v[`${k}-day`] ?? "", month: v[`${k}-month`] ?? "", year: v[`${k}-year`] ?? "" });
  return (
    <>
      <BackLink to="/money/negotiations">Rate negotiations</BackLink>
      {a?.done ? <NotificationBanner success>{a.done}</NotificationBanner> : null}
      <ErrorSummary
        values={v}
        errors={a?.errors ?? undefined}
        order={["_negotiation", "offeredOn", "change", "notes", "agreedOn", "effectiveFrom", "refusedOn"]}
      />
      <h1 className="govuk-heading-l">
        {n.provider}: {n.change}
      </h1>
      <SummaryList
        rows={[
          { key: "Provider", value: n.provider },
          { key: "Units", value: n.scope },
          { key: "Status", value: <Tag colour={NEGOTIATION_STATUS[n.status]?.colour}>{NEGOTIATION_STATUS[n.status]?.label}</Tag> },
          { key: "Asked", value: n.asked },
          ...(n.offered ? [{ key: "Latest offer", value: n.offered }] : []),
          ...(n.decided ? [{ key: "Decision", value: n.decided }] : []),
          ...(n.effectiveFrom ? [{ key: "New rates from", value: n.effectiveFrom }] : []),
          ...(n.notes ? [{ key: "Notes", value: <span style={{ whiteSpace: "pre-line" }}>{n.notes}</span> }] : []),
        ]}
      />
      {rates.length ? (
        <Table
          caption="New rates"
          rows={rates}
          rowKey={(r) => r.unitId}
          firstCellIsHeader
          columns={[
            {
              header: "Unit",
              cell: (r) => (
                <Link className="govuk-link" to={`/money/units/${r.unitId}`}>
                  {r.unitRef}
                </Link>
              ),
            },
            { header: "Per", cell: (r) => r.per },
            { header: "Rate before", cell: (r) => r.previous, numeric: true },
            { header: "New rate", cell: (r) => r.now, numeric: true },
          ]}
        />
      ) : null}
      {canEdit && n.open ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Agree</h2>
            <p className="govuk-body">
              The provider's units {n.scope === "All types" ? "" : `of type ${n.scope} `}in use on the date get a new rate from it: the rate
              in force that day changed by {n.change}. All of them, or none if any already has a rate starting that day.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="agree" />
              <DateInput
                name="agreedOn"
                legend="Date it was agreed"
                hint="For example, 1 4 2027"
                error={a?.errors?.agreedOn}
                value={date("agreedOn")}
              />
              <DateInput
                name="effectiveFrom"
                legend="Date the new rates start"
                hint="For example, 1 4 2027"
                error={a?.errors?.effectiveFrom}
                value={date("effectiveFrom")}
              />
              <Button>Agree and change the rates</Button>
            </Form>
            <h2 className="govuk-heading-m">Record an offer</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="offer" />
              <DateInput
                name="offeredOn"
                legend="Date of the offer"
                hint="For example, 1 4 2027"
                error={a?.errors?.offeredOn}
                value={date("offeredOn")}
              />
              <Input
                name="change"
                label="Change offered, in per cent"
                hint="For example, -7.5 for a cut of 7.5%"
                width="5"
                inputMode="decimal"
                defaultValue={v.change}
                error={a?.errors?.change}
              />
              <Textarea name="notes" label="Notes (optional)" defaultValue={v.notes} error={a?.errors?.notes} rows={3} />
              <Button secondary>Record the offer</Button>
            </Form>
            <h2 className="govuk-heading-m">Refuse</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="refuse" />
              <DateInput
                name="refusedOn"
                legend="Date it was refused"
                hint="For example, 1 4 2027"
                error={a?.errors?.refusedOn}
                value={date("refusedOn")}
              />
              <Button warning>Record the refusal</Button>
            </Form>
          </div>
        </div>
      ) : null}
      <Table
        caption="History"
        rows={history}
        rowKey={(h) => h.id}
        empty="No changes recorded."
        columns={[
          { header: "When", cell: (h) => h.at },
          { header: "Who", cell: (h) => h.who },
          { header: "What", cell: (h) => h.what },
        ]}
      />
    </>
  );
}
