import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { createUser, userSchema, passwordSchema } from "~/features/admin/users.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { BackLink, Button, ErrorSummary, Input, Radios } from "~/lib/components/govuk";
import { ROLES, choicesOf } from "~/lib/vocabulary";
import { isUniqueViolation } from "~/lib/db/errors";

export const handle = { title: "Add a user" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:users");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, "manage:users");
  const form = parseForm(await readForm(request), userSchema.extend({ password: passwordSchema }));
  if (!form.ok) return { errors: form.errors, values: form.values };
  const db = await getDb();
  try {
    const user = await createUser(db, actor.id, form.data);
    throw redirect(`/admin/users/${user.id}`);
  } catch (e) {
    if (isUniqueViolation(e)) return { errors: { email: "A user with this email address already exists" }, values: form.values };
    throw e;
  }
}

export default function NewUser() {
  const data = useActionData<typeof action>();
  const v = data?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/admin/users">Users</BackLink>
        <ErrorSummary errors={data?.errors} order={["name", "email", "role", "password"]} />
        <h1 className="govuk-heading-l">Add a user</h1>
        <Form method="post" noValidate>
          <Input name="name" label="Full name" defaultValue={v.name} error={data?.errors.name} />
          <Input name="email" label="Email address" type="email" spellCheck={false} defaultValue={v.email} error={data?.errors.email} />
          <Radios name="role" legend="Role" defaultValue={v.role} error={data?.errors.role} choices={choicesOf(ROLES)} />
          <Input
            name="password"
            label="Starting password"
            type="password"
            hint="At least 12 characters. Give it to the person in person."
            error={data?.errors.password}
          />
          <Button>Add user</Button>
        </Form>
      </div>
    </div>
  );
}
