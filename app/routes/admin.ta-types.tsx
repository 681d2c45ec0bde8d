import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { audit } from "~/lib/audit.server";
import { taTypeSchema } from "~/features/admin/reference.server";
import { Button, ErrorSummary, Input, NotificationBanner, Radios, Select, Table } from "~/lib/components/govuk";
import { PAID_FOR, TA1_CATEGORIES } from "~/lib/vocabulary";

export const handle = { title: "Types of temporary accommodation" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:reference");
  const db = await getDb();
  return { types: await db.selectFrom("ta_types").selectAll().orderBy("sort_order").orderBy("code").execute() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:reference");
  const form = parseForm(await readForm(request), taTypeSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, saved: null };
  const db = await getDb();
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("ta_types").selectAll().where("code", "=", form.data.code).executeTakeFirst();
    if (before) {
      const after = await trx
        .updateTable("ta_types")
        .set({
          name: form.data.name,
          ta1_category: form.data.ta1_category,
          ...(form.data.paid_for ? { paid_for: form.data.paid_for } : {}),
        })
        .where("code", "=", form.data.code)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: user.id, action: "update", entity: "ta_type", entityId: form.data.code, before, after });
    } else {
      const after = await trx
        .insertInto("ta_types")
        .values({ ...form.data, paid_for: form.data.paid_for ?? "occupied_nights", description: "", sort_order: 100 })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, { userId: user.id, action: "create", entity: "ta_type", entityId: form.data.code, after });
    }
  });
  return { errors: null, values: null, saved: form.data.name };
}

export default function TaTypes() {
  const { types } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const categoryOptions = TA1_CATEGORIES.map((c) => ({ value: String(c.category), label: `${c.category}. ${c.name}` }));
  return (
    <>
      {data?.saved ? <NotificationBanner success>Saved {data.saved}.</NotificationBanner> : null}
      <ErrorSummary errors={data?.errors ?? undefined} order={["code", "name", "ta1_category", "paid_for"]} />
      <h1 className="govuk-heading-l">Types of temporary accommodation</h1>
      <p className="govuk-body">
        Each type is counted under one of the six categories of the government's quarterly TA1 table. Whether a unit counts as bed and
        breakfast under the 2003 Order follows from its shared facilities and its provider, not from its type.
      </p>
      <Table
        caption="Types in use"
        rowKey={(t) => t.code}
        rows={types}
        columns={[
          { header: "Code", cell: (t) => <code>{t.code}</code> },
          { header: "Name", cell: (t) => t.name },
          { header: "TA1 category", cell: (t) => `${t.ta1_category}. ${TA1_CATEGORIES[t.ta1_category - 1].name}` },
          { header: "Paid for (unless a unit says otherwise)", cell: (t) => PAID_FOR[t.paid_for] },
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
        <Select
          name="ta1_category"
          label="TA1 category"
          options={[{ value: "", label: "Select a category" }, ...categoryOptions]}
          defaultValue={data?.values?.ta1_category}
          error={data?.errors?.ta1_category}
        />
        <Radios
          name="paid_for"
          legend="Which nights are its units paid for?"
          hint="Unless a unit says otherwise. Leave unselected to keep a type's setting; a new type is paid per occupied night."
          defaultValue={data?.values?.paid_for}
          error={data?.errors?.paid_for}
          choices={[
            { value: "occupied_nights", label: PAID_FOR.occupied_nights },
            { value: "every_night", label: `${PAID_FOR.every_night}, a lease or retained room: empty nights are void cost` },
          ]}
        />
        <Button>Save type</Button>
      </Form>
    </>
  );
}
