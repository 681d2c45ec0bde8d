import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { formatDate } from "~/lib/dates";
import { s202Review } from "~/features/casework/rules";
import { decideReview, reviewOf } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { decisionSchema, prepareDecision } from "~/features/casework/casework-forms.server";
import { REVIEW_OUTCOMES, choicesOf } from "~/lib/vocabulary";
import { BackLink, Button, DateInput, ErrorSummary, Radios, SummaryList, WarningText } from "~/lib/components/govuk";

export const handle = { title: "Record the review decision (s202)" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const r = await reviewOf(db, id, parseId(params.reviewId));
  const h = await db.selectFrom("households").select("case_ref").where("id", "=", id).executeTakeFirstOrThrow();
  const s = s202Review({ offeredOn: r.offered_on, requestedOn: r.requested_on, decidedOn: r.decided_on, asOf: today(request) });
  return {
    id,
    reviewId: r.id,
    caseRef: h.case_ref,
    offered: formatDate(r.offered_on),
    requested: formatDate(r.requested_on),
    requestedLate: s.requestedLate,
    due: formatDate(s.decisionDueDate),
    overdue: s.status === "overdue",
    daysOverdue: s.daysOverdue,
    outcomes: choicesOf(REVIEW_OUTCOMES),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const rid = parseId(params.reviewId);
  const form = parseForm(await readForm(request), decisionSchema, prepareDecision);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await decideReview(await getDb(), user.id, id, rid, { outcome: form.data.outcome, decidedOn: form.data.decided_on! }, today(request));
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}?done=review-decided#reviews`);
}

export default function DecideReview() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v: Record<string, string> = a?.values ?? {};
  const e = a?.errors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={["outcome", "decided_on"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Record the review decision (s202)</h1>
        {d.overdue ? (
          <WarningText>
            The decision was due by {d.due} and is {d.daysOverdue} {d.daysOverdue === 1 ? "day" : "days"} overdue.
          </WarningText>
        ) : null}
        <SummaryList
          rows={[
            { key: "Offer", value: d.offered },
            { key: "Requested", value: `${d.requested}${d.requestedLate ? " (after the 21 days)" : ""}` },
            { key: "Decision due by", value: d.due },
          ]}
        />
        <Form method="post" noValidate>
          <Radios name="outcome" legend="Outcome" defaultValue={v.outcome} error={e.outcome} choices={d.outcomes} />
          <DateInput
            name="decided_on"
            legend="Date of the decision"
            hint="For example, 20 11 2026"
            error={e.decided_on}
            value={{ day: v["decided_on-day"] ?? "", month: v["decided_on-month"] ?? "", year: v["decided_on-year"] ?? "" }}
          />
          <Button>Record decision</Button>
        </Form>
      </div>
    </div>
  );
}
