import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { saveNotificationType } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { notificationTypeSchema } from "~/features/casework/casework-forms.server";
import { Button, ErrorSummary, Input, NotificationBanner, Radios, Table, Tag } from "~/lib/components/govuk";

export const handle = { title: "Notification types" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:reference");
  const db = await getDb();
  return { types: await db.selectFrom("notification_types").selectAll().orderBy("sort_order").orderBy("code").execute() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:reference");
  const form = parseForm(await readForm(request), notificationTypeSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, saved: null };
  try {
    await saveNotificationType(await getDb(), user.id, form.data);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values, saved: null };
  }
  return { errors: null, values: null, saved: form.data.name };
}

export default function NotificationTypes() {
  const { types } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      {data?.saved ? <NotificationBanner success>Saved {data.saved}.</NotificationBanner> : null}
      <ErrorSummary errors={data?.errors ?? undefined} order={["code", "name", "active"]} />
      <h1 className="govuk-heading-l">Notification types</h1>
      <p className="govuk-body">
        Who is told when a household is placed. The notice to a receiving council (s208 Housing Act 1996) is the law. Telling schools,
        health visitors and GPs was proposed in 2025 and is not law: switch each on or off as the council decides.
      </p>
      <Table
        caption="Types"
        rowKey={(t) => t.code}
        rows={types}
        columns={[
          { header: "Code", cell: (t) => <code>{t.code}</code> },
          { header: "Name", cell: (t) => t.name },
          {
            header: "Status",
            cell: (t) => (
              <>
                {t.statutory ? <Tag>Statutory</Tag> : null}{" "}
                {t.active ? <Tag colour="green">In use</Tag> : <Tag colour="grey">Not used</Tag>}
              </>
            ),
          },
        ]}
      />
      <h2 className="govuk-heading-m">Add a type or change one</h2>
      <Form method="post" noValidate>
        <Input
          name="code"
          label="Code"
          hint="An existing code changes that type; a new code adds one."
          width="20"
          defaultValue={data?.values?.code}
          error={data?.errors?.code}
        />
        <Input name="name" label="Name" defaultValue={data?.values?.name} error={data?.errors?.name} />
        <Radios
          name="active"
          legend="Do officers use this type?"
          inline
          defaultValue={data?.values?.active}
          error={data?.errors?.active}
          choices={[
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ]}
        />
        <Button>Save type</Button>
      </Form>
    </>
  );
}
