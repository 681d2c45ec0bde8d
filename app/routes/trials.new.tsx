import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { createTrial, parseTrialForm, setUpPower, trialFormChoices } from "~/features/trials/trials.server";
import { today } from "~/lib/clock.server";
import { BackLink, Button, ErrorSummary } from "~/lib/components/govuk";
import { SetUpPower, TRIAL_FIELD_ORDER, TrialFields } from "~/features/trials/components";
import { readForm } from "~/lib/forms.server";

export const handle = { title: "Record a change" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:trials");
  const db = await getDb();
  return { ...(await trialFormChoices(db)), power: await setUpPower(db, today(request)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:trials");
  const db = await getDb();
  const form = await parseTrialForm(db, await readForm(request));
  if (!form.ok) return { errors: form.errors, values: form.values };
  const trial = await createTrial(db, actor.id, form.data);
  throw redirect(`/trials/${trial.id}`);
}

export default function NewTrial() {
  const { power, ...choices } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/trials">Test and learn</BackLink>
        <ErrorSummary values={data?.values} errors={data?.errors} order={TRIAL_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Record a change</h1>
        <Form method="post" noValidate>
          <TrialFields
            values={
              data?.values ?? { primary: "length_of_stay", horizon: "90", measures: [], comparison: "before_after", selection: "rule" }
            }
            errors={data?.errors}
            {...choices}
          />
          <SetUpPower rows={power} />
          <Button>Save the change</Button>
        </Form>
      </div>
    </div>
  );
}
