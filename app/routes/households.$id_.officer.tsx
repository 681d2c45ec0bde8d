import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { caseOfficers, setCaseOfficer } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { BackLink, Button, ErrorSummary, Select } from "~/lib/components/govuk";

export const handle = { title: "Case officer" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await db.selectFrom("households").select(["id", "case_ref", "officer_id"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  return { id, caseRef: h.case_ref, officerId: h.officer_id === null ? "none" : String(h.officer_id), officers: await caseOfficers(db) };
}

const schema = z.object({
  officer: z.string().regex(/^(none|\d{1,15})$/, "Select an officer from the list"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) return { errors: { officer: "Select an officer from the list" } };
  try {
    await setCaseOfficer(await getDb(), user.id, id, form.data.officer === "none" ? null : Number(form.data.officer));
  } catch (e) {
    return { errors: asRefusal(e).errors("officer") };
  }
  return redirect(`/households/${id}?done=officer`);
}

export default function CaseOfficer() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={a?.errors} order={["officer"]} />
        <Form method="post" noValidate>
          <Select
            name="officer"
            label={`Who runs the case of household ${d.caseRef}?`}
            labelSize="l"
            labelIsHeading
            hint="The case shows on their Today page, under My cases."
            defaultValue={d.officerId}
            error={a?.errors.officer}
            options={[{ value: "none", label: "Nobody" }, ...d.officers.map((o) => ({ value: String(o.id), label: o.name }))]}
          />
          <Button>Save</Button>
        </Form>
      </div>
    </div>
  );
}
