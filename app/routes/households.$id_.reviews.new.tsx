import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { formatDate } from "~/lib/dates";
import { createReview } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { prepareReview, reviewSchema } from "~/features/casework/casework-forms.server";
import { BackLink, Button, DateInput, ErrorSummary, Select, Textarea } from "~/lib/components/govuk";

export const handle = { title: "Record a suitability review request (s202)" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  const placements = await db
    .selectFrom("placements as p")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .select(["p.id", "p.start_date", "u.unit_ref"])
    .where("p.household_id", "=", id)
    .where("p.cancelled_at", "is", null)
    .orderBy("p.start_date", "desc")
    .limit(50)
    .execute();
  return {
    id,
    caseRef: h.case_ref,
    placements: [
      { value: "", label: "Not about a particular placement" },
      ...placements.map((p) => ({ value: String(p.id), label: `${p.unit_ref}, from ${formatDate(p.start_date)}` })),
    ],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), reviewSchema, prepareReview);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await createReview(
      await getDb(),
      user.id,
      id,
      { placementId: form.data.placement, offeredOn: form.data.offered_on!, requestedOn: form.data.requested_on!, notes: form.data.notes },
      today(request),
    );
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}?done=review#reviews`);
}

export default function NewReview() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v: Record<string, string> = a?.values ?? {};
  const e = a?.errors ?? {};
  const date = (n: string) => ({ day: v[`${n}-day`] ?? "", month: v[`${n}-month`] ?? "", year: v[`${n}-year`] ?? "" });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={["placement", "offered_on", "requested_on", "notes"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Record a suitability review request (s202)</h1>
        <Form method="post" noValidate>
          <Select name="placement" label="Placement under review" options={d.placements} defaultValue={v.placement} error={e.placement} />
          <DateInput
            name="offered_on"
            legend="Date of the offer"
            hint="The day the household was told of the offer. For example, 2 11 2026"
            value={date("offered_on")}
            error={e.offered_on}
          />
          <DateInput
            name="requested_on"
            legend="Date of the request"
            hint="A household has 21 days from the offer to ask for a review. A later request can still be recorded."
            value={date("requested_on")}
            error={e.requested_on}
          />
          <Textarea name="notes" label="Notes" hint="Optional" defaultValue={v.notes} error={e.notes} />
          <Button>Record request</Button>
        </Form>
      </div>
    </div>
  );
}
