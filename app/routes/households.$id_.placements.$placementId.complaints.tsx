import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { getOwnPlacement } from "~/features/placements/placement-view.server";
import { decideComplaint, placementComplaints, recordComplaint } from "~/features/standards/standards.server";
import {
  complaintOutcomeSchema,
  complaintSchema,
  prepareComplaint,
  prepareComplaintOutcome,
} from "~/features/standards/standards-forms.server";
import { BackLink, Button, Checkboxes, DateInput, ErrorSummary, Radios, Table, Textarea } from "~/lib/components/govuk";
import { COMPLAINT_KINDS, COMPLAINT_OUTCOMES } from "~/lib/vocabulary";
import { dateToParts, formatDate } from "~/lib/dates";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Complaints about a placement" };
const ORDER = ["kind", "received", "details", "outcome", "outcomeOn", "outcomeNote", "inspection", "complaintId", "decision", "decidedOn"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:placements");
  const db = await getDb();
  const householdId = parseId(params.id);
  const p = await getOwnPlacement(db, householdId, parseId(params.placementId));
  const complaints = await placementComplaints(db, p.id);
  return {
    householdId,
    caseRef: p.case_ref,
    unitId: p.unit_id,
    unitRef: p.unit_ref,
    where: `${p.property_name}, ${p.town}`,
    today: dateToParts(today(request)),
    complaints: complaints.map((c) => ({
      ...c,
      receivedText: formatDate(c.received_on),
      outcomeText: `${COMPLAINT_OUTCOMES[c.outcome]}${c.outcome_on ? ` on ${formatDate(c.outcome_on)}` : ""}${c.outcome_note ? `: ${c.outcome_note}` : ""}`,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:placements");
  const householdId = parseId(params.id);
  const placementId = parseId(params.placementId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const db = await getDb();
  const day = today(request);
  if (intent === "outcome") {
    const form = parseForm(formData, complaintOutcomeSchema(day), prepareComplaintOutcome);
    if (!form.ok) return { intent, errors: form.errors, values: form.values };
    try {
      await decideComplaint(db, actor.id, householdId, placementId, form.data.complaintId, {
        outcome: form.data.decision,
        outcomeOn: form.data.decidedOn!,
        outcomeNote: form.data.decisionNote,
      });
    } catch (e) {
      return { intent, errors: asRefusal(e).errors(), values: form.values };
    }
    throw redirect(`/households/${householdId}/placements/${placementId}/complaints`);
  }
  const form = parseForm(formData, complaintSchema(day), prepareComplaint);
  if (!form.ok) return { intent, errors: form.errors, values: form.values };
  try {
    await recordComplaint(db, actor.id, {
      householdId,
      placementId,
      kind: form.data.kind,
      receivedOn: form.data.received!,
      details: form.data.details,
      outcome: form.data.outcome,
      outcomeOn: form.data.outcomeOn,
      outcomeNote: form.data.outcomeNote,
      inspectionRequested: form.data.inspection,
    });
  } catch (e) {
    return { intent, errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/households/${householdId}/placements/${placementId}/complaints`);
}

export default function Complaints() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = (a?.values ?? {}) as Record<string, string>;
  const e = a?.errors as Record<string, string> | undefined;
  const part = (n: string, fallback = { day: "", month: "", year: "" }) =>
    a ? { day: v[`${n}-day`] ?? "", month: v[`${n}-month`] ?? "", year: v[`${n}-year`] ?? "" } : fallback;
  const open = d.complaints.filter((c) => c.outcome === "open");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.householdId}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={e} order={ORDER} values={a?.values} />
        <span className="govuk-caption-l">
          Household {d.caseRef}, unit{" "}
          <Link className="govuk-link" to={`/stock/units/${d.unitId}`}>
            {d.unitRef}
          </Link>
          , {d.where}
        </span>
        <h1 className="govuk-heading-l">Complaints about the placement</h1>
        <Table
          caption="Complaints, newest first"
          rowKey={(c) => c.id}
          rows={d.complaints}
          empty="No complaint recorded about this placement."
          columns={[
            { header: "Made", cell: (c) => c.receivedText },
            { header: "About", cell: (c) => COMPLAINT_KINDS[c.kind] },
            { header: "Details", cell: (c) => c.details },
            { header: "Outcome", cell: (c) => c.outcomeText },
            { header: "Inspection", cell: (c) => (c.inspection_requested ? "Asked for" : "No") },
          ]}
        />
        {open.length > 0 ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="outcome" />
            <h2 className="govuk-heading-m">Record an outcome</h2>
            <Radios
              name="complaintId"
              legend="Which complaint"
              legendSize="s"
              error={e?.complaintId ?? e?._form}
              defaultValue={v.complaintId ?? (open.length === 1 ? String(open[0].id) : undefined)}
              choices={open.map((c) => ({ value: String(c.id), label: `${COMPLAINT_KINDS[c.kind]}, made ${c.receivedText}` }))}
            />
            <Radios
              name="decision"
              legend="Outcome"
              legendSize="s"
              error={e?.decision}
              defaultValue={v.decision}
              choices={(["upheld", "partly_upheld", "not_upheld"] as const).map((k) => ({ value: k, label: COMPLAINT_OUTCOMES[k] }))}
            />
            <DateInput
              name="decidedOn"
              legend="Date of the outcome"
              legendSize="s"
              error={e?.decidedOn}
              value={part("decidedOn", d.today)}
            />
            <Textarea name="decisionNote" label="What was done (optional)" defaultValue={v.decisionNote} error={e?.decisionNote} />
            <Button secondary>Record outcome</Button>
          </Form>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="record" />
          <h2 className="govuk-heading-m">Record a complaint</h2>
          <Radios
            name="kind"
            legend="What is the complaint about?"
            legendSize="s"
            error={e?.kind}
            defaultValue={v.kind}
            choices={Object.entries(COMPLAINT_KINDS).map(([value, label]) => ({ value, label }))}
          />
          <DateInput
            name="received"
            legend="Date the household made it"
            legendSize="s"
            error={e?.received}
            value={part("received", d.today)}
          />
          <Textarea name="details" label="What the household said" error={e?.details} defaultValue={v.details} />
          <Radios
            name="outcome"
            legend="Outcome so far"
            legendSize="s"
            error={e?.outcome}
            defaultValue={v.outcome ?? "open"}
            choices={Object.entries(COMPLAINT_OUTCOMES).map(([value, label]) => ({ value, label }))}
          />
          <DateInput
            name="outcomeOn"
            legend="Date of the outcome (not for an open complaint)"
            legendSize="s"
            error={e?.outcomeOn}
            value={part("outcomeOn")}
          />
          <Textarea name="outcomeNote" label="What was done (optional)" error={e?.outcomeNote} defaultValue={v.outcomeNote} />
          <Checkboxes
            name="inspection"
            legend="Inspection"
            legendSize="s"
            small
            defaultValues={v.inspection ? ["yes"] : []}
            choices={[{ value: "yes", label: "Ask for an inspection of the unit" }]}
          />
          <Button>Record complaint</Button>
        </Form>
      </div>
    </div>
  );
}
