import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { dateToParts } from "~/lib/dates";
import { saveMoveOnPlan } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { moveOnSchema, prepareMoveOn } from "~/features/casework/casework-forms.server";
import { MOVE_ON_PATHWAYS, choicesOf } from "~/lib/vocabulary";
import { BackLink, Button, DateInput, ErrorSummary, Radios, Select, Textarea } from "~/lib/components/govuk";

export const handle = { title: "Move-on plan" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  const plan = await db.selectFrom("move_on_plans").selectAll().where("household_id", "=", id).executeTakeFirst();
  const users = await db.selectFrom("users").select(["id", "name"]).where("disabled_at", "is", null).orderBy("name").execute();
  const t = dateToParts(plan?.target_date);
  return {
    id,
    caseRef: h.case_ref,
    exists: !!plan,
    pathways: choicesOf(MOVE_ON_PATHWAYS),
    users: users.map((u) => ({ value: String(u.id), label: u.name })),
    values: {
      pathway: plan?.pathway ?? "",
      "target-day": t.day,
      "target-month": t.month,
      "target-year": t.year,
      next_action: plan?.next_action ?? "",
      owner: String(plan?.owner_id ?? user.id),
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), moveOnSchema, prepareMoveOn);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await saveMoveOnPlan(await getDb(), user.id, id, {
      pathway: form.data.pathway,
      targetDate: form.data.target!,
      nextAction: form.data.next_action,
      ownerId: form.data.owner,
    });
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}?done=move-on#move-on`);
}

export default function MoveOnPlan() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values ?? d.values;
  const e = a?.errors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={["pathway", "target", "next_action", "owner"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">{d.exists ? "Change the move-on plan" : "Add a move-on plan"}</h1>
        <Form method="post" noValidate>
          <Radios
            name="pathway"
            legend="Pathway out of temporary accommodation"
            defaultValue={v.pathway}
            error={e.pathway}
            choices={d.pathways}
          />
          <DateInput
            name="target"
            legend="Target date"
            hint="When the household should have moved on. For example, 31 3 2027"
            error={e.target}
            value={{ day: v["target-day"] ?? "", month: v["target-month"] ?? "", year: v["target-year"] ?? "" }}
          />
          <Textarea
            name="next_action"
            label="Next action"
            hint="For example, chase the housing association for a viewing date"
            defaultValue={v.next_action}
            error={e.next_action}
          />
          <Select
            name="owner"
            label="Owner"
            hint="The officer responsible for the plan"
            options={d.users}
            defaultValue={v.owner}
            error={e.owner}
          />
          <Button>Save move-on plan</Button>
        </Form>
      </div>
    </div>
  );
}
