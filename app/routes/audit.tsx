import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { can } from "~/lib/permissions";
import { AUDIT_AREAS, auditLog, auditLogParams } from "~/features/admin/audit-log.server";
import { Button, Input, Select, Table } from "~/lib/components/govuk";

export const handle = { title: "Every change" };

/** The council-wide log of changes, newest first, 100 at a time (issue 20, snag 8). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:audit-log");
  const db = await getDb();
  const url = new URL(request.url);
  const p = auditLogParams(url.searchParams);
  let householdId: number | undefined;
  if (p.case_ref) {
    const h = await db.selectFrom("households").select("id").where("case_ref", "=", p.case_ref).executeTakeFirst();
    householdId = h?.id ?? -1;
  }
  const users = await db.selectFrom("users").select(["id", "name"]).orderBy("name").execute();
  const log = await auditLog(db, { userId: p.who, area: p.area, householdId, before: p.before }, { admin: can(user.role, "manage:users") });
  const older = new URLSearchParams(url.searchParams);
  if (log.olderFrom !== null) older.set("before", String(log.olderFrom));
  return {
    filter: { who: p.who ? String(p.who) : "", area: p.area ?? "", caseRef: p.case_ref ?? "" },
    unknownCase: householdId === -1,
    paged: p.before !== undefined,
    users: users.map((u) => ({ value: String(u.id), label: u.name })),
    areas: Object.entries(AUDIT_AREAS).map(([value, a]) => ({ value, label: a.label })),
    rows: log.rows,
    olderHref: log.olderFrom !== null ? `?${older}` : null,
  };
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Every change</h1>
      <p className="govuk-body">
        Every change anyone made in Waypoint, newest first, with who made it and when. A household&apos;s own changes are also in its
        history; who looked at a record is in the access log.
      </p>
      <Form method="get" className="govuk-!-margin-bottom-6">
        <Select name="who" label="Who" options={[{ value: "", label: "Everyone" }, ...d.users]} defaultValue={d.filter.who} />
        <Select name="area" label="What" options={[{ value: "", label: "Everything" }, ...d.areas]} defaultValue={d.filter.area} />
        <Input name="case_ref" label="Case reference" hint="Leave blank for every household" defaultValue={d.filter.caseRef} width="10" />
        <Button>Show changes</Button>
      </Form>
      {d.unknownCase ? <p className="govuk-body">There is no household with the case reference {d.filter.caseRef}.</p> : null}
      <Table
        caption={d.paged ? "Older changes, newest first" : "The latest changes, newest first"}
        rowKey={(r) => r.id}
        rows={d.rows}
        empty="No changes match."
        columns={[
          { header: "When", cell: (r) => r.at },
          { header: "Who", cell: (r) => r.who },
          { header: "What", cell: (r) => r.what },
          {
            header: "Record",
            cell: (r) =>
              r.link ? (
                <Link className="govuk-link" to={r.link.href}>
                  {r.link.text}
                </Link>
              ) : (
                ""
              ),
          },
        ]}
      />
      {d.olderHref ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={d.olderHref}>
            Older changes
          </Link>
        </p>
      ) : null}
    </>
  );
}
