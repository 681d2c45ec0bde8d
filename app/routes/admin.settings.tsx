import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { audit } from "~/lib/audit.server";
import { councilSettingsSchema } from "~/features/admin/reference.server";
import { getSetting, setSetting } from "~/lib/settings.server";
import { Button, ErrorSummary, Input, NotificationBanner } from "~/lib/components/govuk";
import { retentionSettingSchema, retentionYears, setRetentionYears } from "~/features/admin/retention.server";
import { Link } from "@remix-run/react";

export const handle = { title: "Council settings" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:reference");
  const db = await getDb();
  return {
    name: (await getSetting<string>(db, "council_name")) ?? "",
    gss: (await getSetting<string>(db, "council_gss")) ?? "",
    years: String(await retentionYears(db)),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:reference");
  const body = await readForm(request);
  if (body.get("intent") === "retention") {
    // How long closed cases are kept (issue 22, item 2; ADR 0038).
    const r = parseForm(body, retentionSettingSchema);
    if (!r.ok) return { errors: r.errors, values: null, years: String(body.get("years") ?? ""), saved: false };
    await setRetentionYears(await getDb(), user.id, r.data.years);
    return { errors: null, values: null, years: String(r.data.years), saved: true };
  }
  const form = parseForm(body, councilSettingsSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, years: null, saved: false };
  const db = await getDb();
  await db.transaction().execute(async (trx) => {
    const before = { name: await getSetting(trx, "council_name"), gss: await getSetting(trx, "council_gss") };
    await setSetting(trx, "council_name", form.data.name);
    await setSetting(trx, "council_gss", form.data.gss);
    await audit(trx, { userId: user.id, action: "update", entity: "settings", entityId: "council", before, after: form.data });
  });
  return { errors: null, values: form.values, years: null, saved: true };
}

export default function Settings() {
  const current = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const v = data?.values ?? current;
  const years = data?.years ?? current.years;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {data?.saved ? <NotificationBanner success>Settings saved.</NotificationBanner> : null}
        <ErrorSummary errors={data?.errors ?? undefined} order={["name", "gss", "years"]} />
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
        <h2 className="govuk-heading-m">Retention of closed cases</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="retention" />
          <Input
            name="years"
            label="Years a closed case is kept"
            width="2"
            inputMode="numeric"
            hint="Counted from the day the last placement ended or the case closed. After it, `waypoint maintain --retention` anonymises the case, unless it is on legal hold. Six years unless the council's retention schedule says otherwise."
            defaultValue={years}
            error={data?.errors && "years" in data.errors ? (data.errors as Record<string, string>).years : undefined}
          />
          <Button>Save retention period</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/retention">
            See the closed cases due to be anonymised (dry run)
          </Link>
        </p>
      </div>
    </div>
  );
}
