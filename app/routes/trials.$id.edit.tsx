import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseId, readForm } from "~/lib/forms.server";
import { today } from "~/lib/clock.server";
import { asRefusal } from "~/lib/refusal";
import {
  getTrial,
  parseTrialForm,
  trialFormChoices,
  trialFormInput,
  trialToFormValues,
  updateTrial,
  type TrialFormValues,
} from "~/features/trials/trials.server";
import { BackLink, Button, ErrorSummary } from "~/lib/components/govuk";
import { TRIAL_FIELD_ORDER, TrialFields } from "~/features/trials/components";

export const handle = { title: (d: { name?: string }) => (d?.name ? `Change ${d.name}` : "Change") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:trials");
  const db = await getDb();
  const trial = await getTrial(db, parseId(params.id));
  return { id: trial.id, name: trial.name, values: trialToFormValues(trial), ...(await trialFormChoices(db)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:trials");
  const db = await getDb();
  const id = parseId(params.id);
  await getTrial(db, id);
  const fields = await readForm(request);
  const form = await parseTrialForm(db, fields);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await updateTrial(db, actor.id, id, form.data, today(request));
  } catch (e) {
    // A started change's declared measures, horizon and planned size are locked: refused, nothing saved.
    return { errors: asRefusal(e).errors(), values: trialFormInput(fields) as unknown as TrialFormValues };
  }
  throw redirect(`/trials/${id}`);
}

export default function EditTrial() {
  const { id, name, values, ...choices } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/trials/${id}`}>{name}</BackLink>
        <ErrorSummary values={data?.values} errors={data?.errors} order={TRIAL_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Change the details of {name}</h1>
        <Form method="post" noValidate>
          <TrialFields values={data?.values ?? values} errors={data?.errors} {...choices} />
          <Button>Save the change</Button>
        </Form>
      </div>
    </div>
  );
}
