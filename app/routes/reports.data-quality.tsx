import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { parseForm, readForm } from "~/lib/forms.server";
import { asRefusal } from "~/lib/refusal";
import { decidePersonLink } from "~/features/households/person-links.server";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { countByKind, dataQuality, DATA_QUALITY_KINDS } from "~/features/reports/data-quality.server";
import { BackLink, Button, ErrorSummary, NotificationBanner, Table } from "~/lib/components/govuk";
import { ReadCopyNotice } from "~/features/reports/components";

export const handle = { title: "Data quality before a return" };

/** Rows shown per kind; the CSV has every row. */
const SHOWN = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:households");
  const day = today(request);
  const decided = new URL(request.url).searchParams.get("decided");
  // Just decided a pair (?decided): the live database, so the pair has left the list.
  const { value: rows, copy } = await readForReport((db) => dataQuality(db, day), { primary: decided !== null });
  const counts = countByKind(rows);
  return {
    decided,
    copy,
    canDecide: can(user.role, "edit:households"),
    dayLabel: formatDate(day),
    total: rows.length,
    canDownload: can(user.role, "export:personal-data"),
    kinds: counts.map((c) => ({ ...c, fix: DATA_QUALITY_KINDS[c.kind].fix, rows: rows.filter((r) => r.kind === c.kind).slice(0, SHOWN) })),
  };
}

const decisionSchema = z.object({
  member: z.coerce.number().int().positive(),
  other: z.coerce.number().int().positive(),
  decision: z.enum(["same", "different"]),
});

/** An officer decides a pair: the same person, or not. The pair then leaves the list. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const form = parseForm(await readForm(request), decisionSchema);
  if (!form.ok) return { errors: { _form: "Choose whether they are the same person" } };
  try {
    await decidePersonLink(await getDb(), user.id, form.data.member, form.data.other, form.data.decision === "same");
  } catch (e) {
    return { errors: asRefusal(e).errors("_form") };
  }
  return redirect(`/reports/data-quality?decided=${form.data.decision}#same_person`);
}

export default function DataQuality() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <>
      <BackLink to="/reports">Reports</BackLink>
      <ErrorSummary errors={a?.errors} order={["_form"]} />
      {d.decided ? (
        <NotificationBanner success>
          {d.decided === "same" ? "Recorded as the same person: both households show the link." : "Recorded as different people."}
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{d.dayLabel}</span>
      <h1 className="govuk-heading-l">Data quality before a return</h1>
      <ReadCopyNotice copy={d.copy} />
      <p className="govuk-body">
        Each of these would make a statutory return (TA1, TA2, H-CLIC) or a figure in Waypoint wrong. Fix them before you file: each row
        links to the page where it is fixed. The list is worked out afresh from the data, so a fixed problem leaves it.
      </p>
      {d.canDownload ? (
        <p className="govuk-body">
          <a className="govuk-link" href="/exports/data-quality.csv" download>
            Download every problem (CSV)
          </a>
        </p>
      ) : null}
      <Table
        caption={`${d.total.toLocaleString("en-GB")} ${d.total === 1 ? "problem" : "problems"}`}
        rowKey={(k) => k.kind}
        rows={d.kinds}
        columns={[
          {
            header: "Problem",
            cell: (k) =>
              k.count > 0 ? (
                <a className="govuk-link" href={`#${k.kind}`}>
                  {k.title}
                </a>
              ) : (
                k.title
              ),
          },
          { header: "How many", cell: (k) => k.count.toLocaleString("en-GB"), numeric: true },
        ]}
      />
      {d.kinds
        .filter((k) => k.count > 0)
        .map((k) => (
          <section key={k.kind} aria-labelledby={k.kind}>
            <h2 className="govuk-heading-m" id={k.kind}>
              {k.title} ({k.count.toLocaleString("en-GB")})
            </h2>
            <Table
              caption={<span className="govuk-visually-hidden">{k.title}</span>}
              rowKey={(r, i) => `${r.href}-${i}`}
              rows={k.rows}
              columns={[
                {
                  header: r0Header(k.kind),
                  cell: (r) => (
                    <Link className="govuk-link" to={r.href}>
                      {r.unitRef ?? r.caseRef}
                      <span className="govuk-visually-hidden">: {k.fix.toLowerCase()}</span>
                    </Link>
                  ),
                },
                { header: "Problem", cell: (r) => r.problem },
                ...(k.kind === "same_person" || k.kind === "similar_person"
                  ? [
                      {
                        header: "Other household",
                        cell: (r: (typeof k.rows)[number]) =>
                          r.otherHref ? (
                            <Link className="govuk-link" to={r.otherHref}>
                              {r.otherCaseRef}
                            </Link>
                          ) : (
                            ""
                          ),
                      },
                      ...(d.canDecide
                        ? [
                            {
                              header: "Decide",
                              cell: (r: (typeof k.rows)[number]) => (
                                <Form method="post" className="waypoint-inline-form">
                                  <input type="hidden" name="member" value={r.memberId ?? ""} />
                                  <input type="hidden" name="other" value={r.otherMemberId ?? ""} />
                                  <Button secondary name="decision" value="same">
                                    The same person
                                    <span className="govuk-visually-hidden">
                                      {" "}
                                      in {r.caseRef} and {r.otherCaseRef}
                                    </span>
                                  </Button>{" "}
                                  <Button secondary name="decision" value="different">
                                    Not the same
                                    <span className="govuk-visually-hidden">
                                      {" "}
                                      in {r.caseRef} and {r.otherCaseRef}
                                    </span>
                                  </Button>
                                </Form>
                              ),
                            },
                          ]
                        : []),
                    ]
                  : []),
              ]}
            />
            {k.count > k.rows.length ? (
              <p className="govuk-body-s">
                Showing the first {k.rows.length} of {k.count.toLocaleString("en-GB")}
                {d.canDownload ? "; the CSV has every one." : "."}
              </p>
            ) : null}
          </section>
        ))}
    </>
  );
}

function r0Header(kind: keyof typeof DATA_QUALITY_KINDS): string {
  return kind === "type_contradiction" ? "Unit" : "Household";
}
