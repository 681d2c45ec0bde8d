import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { withoutControlCharacters } from "~/lib/forms.server";
import { getDb } from "~/lib/db/app.server";
import { viewsFor } from "~/lib/audit.server";
import { formatWhen } from "~/features/casework/history";
import { Button, Input, Table } from "~/lib/components/govuk";

export const handle = { title: "Who looked" };

const WHAT = { household: "Opened a household's page", letter: "Opened a letter", export: "Downloaded personal data" } as const;

/** Who looked at which record: the latest 200 views and personal-data downloads, or one household's (issue 22, item 3). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:access-log");
  const db = await getDb();
  const caseRef = withoutControlCharacters(new URL(request.url).searchParams.get("case_ref") ?? "")
    .trim()
    .slice(0, 50);
  let householdId: number | undefined;
  if (caseRef) {
    const h = await db.selectFrom("households").select("id").where("case_ref", "=", caseRef).executeTakeFirst();
    householdId = h?.id ?? -1;
  }
  const rows = await viewsFor(db, { householdId, limit: 200 });
  return {
    caseRef,
    unknown: householdId === -1,
    rows: rows.map((v) => ({
      id: v.id,
      at: formatWhen(v.at),
      who: v.user_name ?? (v.what === "export" ? "The command line" : "Someone no longer a user"),
      what: WHAT[v.what] + (v.detail ? `: ${v.detail}` : ""),
      householdId: v.household_id,
      caseRef: v.case_ref,
    })),
  };
}

export default function AccessLog() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Who looked</h1>
      <p className="govuk-body">
        Every opening of a household&apos;s page or a letter, and every download of personal data, with who and when. Changes are in each
        household&apos;s history.
      </p>
      <Form method="get" className="govuk-!-margin-bottom-6">
        <Input name="case_ref" label="Case reference" hint="Leave blank to see every record" defaultValue={d.caseRef} width="10" />
        <Button>Show</Button>
      </Form>
      {d.unknown ? <p className="govuk-body">There is no household with the case reference {d.caseRef}.</p> : null}
      <Table
        caption={d.caseRef && !d.unknown ? `Views of ${d.caseRef}, newest first` : "The latest 200 views, newest first"}
        rowKey={(r) => r.id}
        rows={d.rows}
        empty="Nothing looked at yet."
        columns={[
          { header: "When", cell: (r) => r.at },
          { header: "Who", cell: (r) => r.who },
          { header: "What", cell: (r) => r.what },
          {
            header: "Household",
            cell: (r) =>
              r.householdId !== null ? (
                <Link className="govuk-link" to={`/households/${r.householdId}`}>
                  {r.caseRef ?? r.householdId}
                </Link>
              ) : (
                ""
              ),
          },
        ]}
      />
    </>
  );
}
