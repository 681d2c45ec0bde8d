import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseId } from "~/lib/forms.server";
import { openLetter } from "~/features/letters/letters.server";
import { formatWhen } from "~/features/casework/history";
import { BackLink, NotificationBanner, SummaryList } from "~/lib/components/govuk";

export const handle = { title: (d: { kind?: string; date?: string }) => (d?.kind ? `${d.kind}, ${d.date}` : "Letter") };

/** A letter as sent, to read or print (the page prints as the letter alone); opening it is logged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:households");
  const id = parseId(params.id);
  const letter = await openLetter(await getDb(), user.id, id, parseId(params.letterId));
  return {
    ...letter,
    householdId: id,
    sentAt: formatWhen(letter.sentAt),
    sent: new URL(request.url).searchParams.get("sent") === "1",
  };
}

export default function LetterPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="waypoint-no-print">
        <BackLink to={`/households/${d.householdId}#letters`}>Household {d.caseRef}</BackLink>
        {d.sent ? (
          <NotificationBanner success>
            <h3 className="govuk-notification-banner__heading">Letter sent and kept on the case</h3>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">
          {d.kind}, {d.date}
        </h1>
        <SummaryList
          rows={[
            { key: "Sent to", value: d.sentTo },
            { key: "Sent by", value: `${d.sentBy}, ${d.sentAt}` },
            { key: "Template", value: `Version ${d.templateVersion}` },
          ]}
        />
        <p className="govuk-body">
          The letter below is kept exactly as it was sent. Print this page, or save it as a PDF from the print dialogue: only the letter is
          printed.
        </p>
      </div>
      <div className="govuk-body waypoint-letter" data-testid="letter-body">
        {d.body}
      </div>
    </>
  );
}
