import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { listUsers } from "~/features/admin/users.server";
import { ButtonLink, Table, Tag } from "~/lib/components/govuk";
import { ROLES } from "~/lib/vocabulary";

export const handle = { title: "Users" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:users");
  return { users: await listUsers(await getDb()) };
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Users</h1>
      <ButtonLink to="/admin/users/new">Add a user</ButtonLink>
      <Table
        caption="Everyone who can sign in"
        rowKey={(u) => u.id}
        rows={users}
        columns={[
          {
            header: "Name",
            cell: (u) => (
              <Link className="govuk-link" to={`/admin/users/${u.id}`}>
                {u.name}
              </Link>
            ),
          },
          { header: "Email address", cell: (u) => u.email },
          { header: "Role", cell: (u) => ROLES[u.role] },
          { header: "Status", cell: (u) => (u.disabled_at ? <Tag colour="grey">Disabled</Tag> : <Tag colour="green">Active</Tag>) },
        ]}
      />
    </>
  );
}
