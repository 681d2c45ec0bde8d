import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Input, Button, Table } from "~/lib/components/govuk";
import { getUser } from "~/lib/session.server";
import { signIn, safeReturnTo, demoAccounts } from "~/features/admin/users.server";

export const handle = { title: "Sign in" };

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getUser(request)) throw redirect(safeReturnTo(url.searchParams.get("returnTo")));
  return { demo: await demoAccounts(), returnTo: safeReturnTo(url.searchParams.get("returnTo")) };
}

export async function action({ request }: ActionFunctionArgs) {
  const result = await signIn(request);
  if (result.ok) throw redirect(result.returnTo, { headers: { "Set-Cookie": result.cookie } });
  return { errors: result.errors, email: result.email };
}

export default function SignIn() {
  const { demo, returnTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} order={["email", "password", "_form"]} targets={{ _form: "email" }} />
        <h1 className="govuk-heading-l">Sign in to Waypoint</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="returnTo" value={returnTo} />
          <Input
            name="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            defaultValue={actionData?.email}
            error={actionData?.errors?.email}
          />
          <Input name="password" label="Password" type="password" autoComplete="current-password" error={actionData?.errors?.password} />
          <Button>Sign in</Button>
        </Form>
        {demo ? (
          <>
            <h2 className="govuk-heading-m">Demo accounts</h2>
            <p className="govuk-body">
              This is a demonstration with made-up data. Each account has the password <code>{demo.password}</code>.
            </p>
            <div className="waypoint-demo-users">
              <Table
                caption="One account for each role"
                captionSize="s"
                rowKey={(r) => r.email}
                columns={[
                  { header: "Role", cell: (r) => r.role },
                  { header: "Email address", cell: (r) => r.email },
                ]}
                rows={demo.accounts}
              />
            </div>
          </>
        ) : null}
      </div>
    </div>
  );
}
