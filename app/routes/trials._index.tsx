import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { listTrials } from "~/features/trials/trials.server";
import { can } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { ButtonLink, Table } from "~/lib/components/govuk";

export const handle = { title: "Test and learn" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const db = await getDb();
  const trials = await listTrials(db);
  return {
    canEdit: can(user.role, "edit:trials"),
    trials: trials.map((t) => ({
      id: t.id,
      name: t.name,
      owner: t.owner,
      start: formatDate(t.start_date),
      end: t.end_date ? formatDate(t.end_date) : "Running",
      who: t.selection === "rule" ? "By rule" : `Tagged (${t.tagged})`,
      comparison: t.comparison === "before_after" ? "Before and after" : t.comparison === "concurrent" ? "Same period" : "Both",
    })),
  };
}

export default function Trials() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Test and learn</h1>
      <p className="govuk-body">
        Record a change to how the council works, the households it touches and what it aims to move; then see, with honest uncertainty,
        whether it worked.
      </p>
      {d.canEdit ? <ButtonLink to="/trials/new">Record a change</ButtonLink> : null}
      <Table
        caption="Changes"
        rowKey={(t) => t.id}
        rows={d.trials}
        empty="No changes recorded yet."
        columns={[
          {
            header: "Change",
            cell: (t) => (
              <Link className="govuk-link" to={`/trials/${t.id}`}>
                {t.name}
              </Link>
            ),
          },
          { header: "Owner", cell: (t) => t.owner },
          { header: "Start", cell: (t) => t.start },
          { header: "End", cell: (t) => t.end },
          { header: "Households", cell: (t) => t.who },
          { header: "Compared with", cell: (t) => t.comparison },
        ]}
      />
    </>
  );
}
