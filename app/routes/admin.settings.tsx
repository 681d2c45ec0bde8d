import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { audit } from "~/lib/audit.server";
import { councilSettingsSchema } from "~/features/admin/reference.server";
import { getSetting, setSetting } from "~/lib/settings.server";
import { Button, ErrorSummary, Input, NotificationBanner } from "~/lib/components/govuk";

export const handle = { title: "Council settings" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:reference");
  const db = await getDb();
  return {
    name: (await getSetting<string>(db, "council_name")) ?? "",
    gss: (await getSetting<string>(db, "council_gss")) ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:reference");
  const form = parseForm(await readForm(request), councilSettingsSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, saved: false };
  const db = await getDb();
  await db.transaction().execute(async (trx) => {
    const before = { name: await getSetting(trx, "council_name"), gss: await getSetting(trx, "council_gss") };
    await setSetting(trx, "council_name", form.data.name);
    await setSetting(trx, "council_gss", form.data.gss);
    await audit(trx, { userId: user.id, action: "update", entity: "settings", entityId: "council", before, after: form.data });
  });
  return { errors: null, values: form.values, saved: true };
}

export default function Settings() {
  const current = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const v = data?.values ?? current;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {data?.saved ? <NotificationBanner success>Settings saved.</NotificationBanner> : null}
        <ErrorSummary errors={data?.errors ?? undefined} order={["name", "gss"]} />
        <h1 className="govuk-heading-l">Council settings</h1>
        <Form method="post" noValidate>
          <Input
            name="name"
            label="Council name"
            hint="Shown in the header of every page."
            defaultValue={v.name}
            error={data?.errors?.name}
          />
          <Input
            name="gss"
            label="Council's own district (GSS code)"
            width="10"
            spellCheck={false}
            hint="Units in any other district are out of district: a placement there needs a notice to that council (s208)."
            defaultValue={v.gss}
            error={data?.errors?.gss}
          />
          <Button>Save settings</Button>
        </Form>
      </div>
    </div>
  );
}
