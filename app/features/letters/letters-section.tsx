/**
 * The "Letters" section of the household page (issue 20, item 3): every letter sent from the
 * case, latest first, each linking to the letter as sent (printable), and the way to send one.
 * Self-contained, so the household page only loads it (lettersSection) and places it.
 */
import { Link } from "@remix-run/react";
import { Table } from "~/lib/components/govuk";
import type { LetterRow } from "./letters.server";

export interface LettersSectionData {
  rows: LetterRow[];
  canSend: boolean;
  canEditTemplates: boolean;
}

export function LettersSection({ householdId, rows, canSend, canEditTemplates }: LettersSectionData & { householdId: number }) {
  return (
    <>
      <h2 className="govuk-heading-m" id="letters">
        Letters
      </h2>
      <Table
        caption={<span className="govuk-visually-hidden">Letters sent, latest first</span>}
        captionSize="s"
        rowKey={(l) => l.id}
        rows={rows}
        empty="No letters sent yet."
        columns={[
          {
            header: "Letter",
            cell: (l) => (
              <Link className="govuk-link" to={`/households/${householdId}/letters/${l.id}`}>
                {l.kind}
                <span className="govuk-visually-hidden"> of {l.date}</span>
              </Link>
            ),
          },
          { header: "Date", cell: (l) => l.date },
          { header: "Unit", cell: (l) => l.unitRef ?? "" },
          { header: "Sent to", cell: (l) => l.sentTo },
          { header: "Sent by", cell: (l) => l.sentBy },
        ]}
      />
      {canSend || canEditTemplates ? (
        <ul className="govuk-list">
          {canSend ? (
            <li>
              <Link className="govuk-link" to={`/households/${householdId}/letters/new`}>
                Send a letter
              </Link>
            </li>
          ) : null}
          {canEditTemplates ? (
            <li>
              <Link className="govuk-link" to="/letters/templates">
                Letter templates
              </Link>
            </li>
          ) : null}
        </ul>
      ) : null}
    </>
  );
}
