import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { currentTemplates } from "~/features/letters/letters.server";
import { LETTER_KINDS, isLetterKind } from "~/features/letters/fields";
import { formatWhen } from "~/features/casework/history";
import { NotificationBanner, Table } from "~/lib/components/govuk";

export const handle = { title: "Letter templates" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:letter-templates");
  const templates = await currentTemplates(await getDb());
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    templates: templates.map((t) => ({
      kind: t.kind,
      name: LETTER_KINDS[t.kind],
      version: t.version,
      saved:
        t.version === 1 && !t.savedBy
          ? "As shipped with Waypoint"
          : `${formatWhen(t.savedAt)} by ${t.savedBy ?? "someone no longer a user"}`,
    })),
    saved: isLetterKind(saved) ? LETTER_KINDS[saved] : null,
  };
}

export default function LetterTemplates() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      {d.saved ? (
        <NotificationBanner success>
          <h3 className="govuk-notification-banner__heading">The {d.saved.toLowerCase()} template is saved</h3>
          <p className="govuk-body">Letters sent from now on use it; letters already sent stay as they were sent.</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Letter templates</h1>
      <p className="govuk-body">
        The letters officers send from a case. Each is plain text with named fields, like {"{{household.lead_name}}"}, that are filled in
        from the case when the letter is sent. A letter sent is kept as it was sent: changing a template changes only the letters sent
        after.
      </p>
      <Table
        caption={<span className="govuk-visually-hidden">Letter templates</span>}
        captionSize="s"
        rowKey={(t) => t.kind}
        rows={d.templates}
        columns={[
          {
            header: "Letter",
            cell: (t) => (
              <Link className="govuk-link" to={`/letters/templates/${t.kind}`}>
                {t.name}
              </Link>
            ),
          },
          { header: "Version", cell: (t) => t.version, numeric: true },
          { header: "Last saved", cell: (t) => t.saved },
        ]}
      />
    </>
  );
}
