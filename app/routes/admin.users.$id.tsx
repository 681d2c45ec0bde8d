import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { updateUser, userEditSchema } from "~/features/admin/users.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { BackLink, Button, ErrorSummary, Input, Radios } from "~/lib/components/govuk";
import { ROLES, choicesOf } from "~/lib/vocabulary";
import { isUniqueViolation } from "~/lib/db/errors";

export const handle = { title: (d: { user?: { name: string } }) => d?.user?.name ?? "User" };

async function load(id: number) {
  const db = await getDb();
  const user = await db.selectFrom("users").select(["id", "name", "email", "role", "disabled_at"]).where("id", "=", id).executeTakeFirst();
  if (!user) throw new Response("Not Found", { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:users");
  return { user: await load(parseId(params.id)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "manage:users");
  const id = parseId(params.id);
  await load(id);
  const form = parseForm(await readForm(request), userEditSchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  if (id === actor.id && (form.data.status === "disabled" || form.data.role !== "administrator")) {
    return { errors: { role: "You cannot remove your own administrator role or disable your own account" }, values: form.values };
  }
  const db = await getDb();
  try {
    await db.transaction().execute((trx) => updateUser(trx, actor.id, id, { ...form.data, disabled: form.data.status === "disabled" }));
  } catch (e) {
    if (isUniqueViolation(e)) return { errors: { email: "A user with this email address already exists" }, values: form.values };
    throw e;
  }
  throw redirect("/admin/users");
}

export default function EditUser() {
  const { user } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const v = data?.values ?? { name: user.name, email: user.email, role: user.role, status: user.disabled_at ? "disabled" : "active" };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/users">Users</BackLink>
        <ErrorSummary errors={data?.errors} order={["name", "email", "role", "status"]} />
        <h1 className="govuk-heading-l">{user.name}</h1>
        <Form method="post" noValidate>
          <Input name="name" label="Full name" defaultValue={v.name} error={data?.errors.name} />
          <Input name="email" label="Email address" type="email" spellCheck={false} defaultValue={v.email} error={data?.errors.email} />
          <Radios name="role" legend="Role" defaultValue={v.role} error={data?.errors.role} choices={choicesOf(ROLES)} />
          <Radios
            name="status"
            legend="Account"
            defaultValue={v.status}
            error={data?.errors.status}
            inline
            hint="Disabling an account signs the person out everywhere at once."
            choices={[
              { value: "active", label: "Active" },
              { value: "disabled", label: "Disabled" },
            ]}
          />
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}
