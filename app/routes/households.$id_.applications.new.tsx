import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { recordApplication } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { applicationSchema, prepareApplication } from "~/features/casework/casework-forms.server";
import { BackLink, Button, DateInput, ErrorSummary } from "~/lib/components/govuk";

export const handle = { title: "Record a new application" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const h = await (await getDb()).selectFrom("households").select(["id", "case_ref"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  return { id, caseRef: h.case_ref };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), applicationSchema, prepareApplication);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await recordApplication(await getDb(), user.id, id, form.data.start_date!, today(request));
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}?done=application`);
}

export default function NewApplication() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v: Record<string, string> = a?.values ?? {};
  const e = a?.errors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={["start_date"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Record a new application</h1>
        <p className="govuk-body">
          The six-week limit on B&amp;B for a family counts the B&amp;B nights of the household's current application, across moves and
          gaps. When the household makes a new homelessness application, record the day it started: the count starts again from that day.
        </p>
        <Form method="post" noValidate>
          <DateInput
            name="start_date"
            legend="Date the application started"
            hint="For example, 2 11 2026"
            value={{ day: v["start_date-day"] ?? "", month: v["start_date-month"] ?? "", year: v["start_date-year"] ?? "" }}
            error={e.start_date}
          />
          <Button>Record application</Button>
        </Form>
      </div>
    </div>
  );
}
