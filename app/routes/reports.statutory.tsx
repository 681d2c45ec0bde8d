import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { dateToParts, formatDate } from "~/lib/dates";
import { quarterEnds } from "~/features/reports/reports";
import { councilGss } from "~/features/reports/reports.server";
import { asOfParam } from "~/features/reports/report-params.server";
import { statutoryPage } from "~/features/reports/report-pages.server";
import { fileTa1, ta1Filing } from "~/features/reports/ta1-filings.server";
import { asRefusal } from "~/lib/refusal";
import { isIsoDate } from "~/lib/dates";
import { readForm } from "~/lib/forms.server";
import { Button, DateInput, ErrorSummary, ScrollBox, WarningText } from "~/lib/components/govuk";
import { Download, ReadCopyNotice, ReportBack, ReportFilters, num, qs } from "~/features/reports/components";

export const handle = { title: "Statutory counts" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:reports");
  const url = new URL(request.url);
  const day = today(request);
  const { asOf, errors } = asOfParam(url, day, true);
  const recent = quarterEnds(day, 8).map((d) => ({ date: d, label: formatDate(d) }));
  const canFile = can(user.role, "file:returns") && asOf < day;
  const base = {
    errors,
    form: { asOf: dateToParts(asOf) },
    recent,
    asOf,
    links: can(user.role, "view:households"),
    canFile,
    canExtract: can(user.role, "export:personal-data"),
  };
  if (Object.keys(errors).length) return { ...base, report: null, gssSet: true, filing: null, copy: null };
  // Just marked as filed (?filed): the live database, so the filing and its figures show at once.
  const {
    value: [report, gss, filing],
    copy,
  } = await readForReport((db) => Promise.all([statutoryPage(db, { asOf }), councilGss(db), ta1Filing(db, asOf)]), {
    primary: url.searchParams.has("filed"),
  });
  return { ...base, report: { ...report, ta1Csv: undefined, ta2Csv: undefined }, gssSet: gss !== null, filing, copy };
}

/** Marks the TA1 for the night as filed (file:returns): its figures and households are kept. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "file:returns");
  const asOf = String((await readForm(request)).get("asOf") ?? "");
  if (!isIsoDate(asOf)) return { errors: { file: "Choose the night of the return to mark as filed" } };
  try {
    await fileTa1(await getDb(), user.id, asOf, today(request));
  } catch (e) {
    return { errors: asRefusal(e).errors("file") };
  }
  return redirect(`/reports/statutory?${new URLSearchParams({ asOf, filed: "1" })}#filing`);
}

export default function Statutory() {
  const { errors, form, recent, asOf, links, report, gssSet, filing, canFile, canExtract, copy } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const cell = (line: string, n: number | null, label: string, param: "line" | "ta2") => {
    if (n === null) return "Not known";
    if (!links || n === 0 || line === "children" || (param === "ta2" && line === "total")) return num(n);
    return (
      <Link
        className="govuk-link"
        to={`/reports/households?${qs({ asOf, [param]: line === "total" && param === "ta2" ? undefined : line })}`}
      >
        {num(n)}
        <span className="govuk-visually-hidden"> households: {label}</span>
      </Link>
    );
  };
  return (
    <>
      <ReportBack />
      <ErrorSummary errors={refused?.errors} order={["file"]} />
      <h1 className="govuk-heading-l">Statutory counts</h1>
      <ReportFilters errors={errors} values={form} order={["asOf"]}>
        <DateInput
          name="asOf"
          legend="As at"
          hint="Households in TA on the night of this date. The quarterly return uses the last day of the quarter."
          value={form.asOf}
          error={errors.asOf}
        />
      </ReportFilters>
      <p className="govuk-body waypoint-no-print">
        Recent quarter ends:{" "}
        {recent.map((q, i) => (
          <span key={q.date}>
            {i > 0 ? ", " : ""}
            <Link className="govuk-link" to={`?${qs({ asOf: q.date })}`}>
              {q.label}
            </Link>
          </span>
        ))}
      </p>
      {report ? (
        <>
          <ReadCopyNotice copy={copy} />
          <h2 className="govuk-heading-m">TA1: households in TA on the night of {report.asOfLabel}</h2>
          {report.problems.length ? (
            <WarningText>The table does not reconcile: {report.problems.join("; ")}.</WarningText>
          ) : (
            <p className="govuk-body">The six categories add up to the total, and each household is counted once.</p>
          )}
          {!gssSet ? (
            <WarningText>
              The council's own district is not set, so households in another district cannot be counted. An administrator can set it in
              Administration.
            </WarningText>
          ) : null}
          {report.typeContradictions > 0 ? (
            <WarningText>
              {report.typeContradictions} {report.typeContradictions === 1 ? "unit's TA type contradicts" : "units' TA types contradict"}{" "}
              its facilities or provider.{" "}
              <Link className="govuk-link" to="/stock/type-contradictions">
                See the units to correct
              </Link>
              . TA1 counts them by the law, not by the type.
            </WarningText>
          ) : null}
          <ScrollBox label="TA1">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">TA1 as at {report.asOfLabel}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Line
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Code in the CSV
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Households
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {report.ta1.map((r) => (
                  <tr key={r.line} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {r.label}
                    </th>
                    <td className="govuk-table__cell">
                      <code>{r.line}</code>
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric" data-line={r.line}>
                      {cell(r.line, r.n, r.label, "line")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <Download to={`/reports/csv/ta1.csv?${qs({ asOf })}`}>Download TA1 as CSV</Download>
          <h3 className="govuk-heading-s" id="filing">
            Filed return
          </h3>
          {filing ? (
            <>
              <p className="govuk-body">
                Marked as filed on {filing.filedAt}
                {filing.filedBy ? ` by ${filing.filedBy}` : ""}. Waypoint keeps the figures and the households behind each line as filed.
              </p>
              {filing.differences.length === 0 ? (
                <p className="govuk-body">The figures recomputed now are the same as those filed, household by household.</p>
              ) : (
                <ScrollBox label="Changes since the return was filed">
                  <table className="govuk-table">
                    <caption className="govuk-table__caption govuk-table__caption--s">Changes since the return was filed</caption>
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        <th scope="col" className="govuk-table__header">
                          Line
                        </th>
                        <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                          Filed
                        </th>
                        <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                          Now
                        </th>
                        <th scope="col" className="govuk-table__header">
                          Households counted now, not filed
                        </th>
                        <th scope="col" className="govuk-table__header">
                          Households filed, not counted now
                        </th>
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {filing.differences.map((d) => (
                        <tr key={d.line} className="govuk-table__row" data-difference={d.line}>
                          <th scope="row" className="govuk-table__header">
                            {d.label}
                          </th>
                          <td className="govuk-table__cell govuk-table__cell--numeric">{d.filed === null ? "Not known" : num(d.filed)}</td>
                          <td className="govuk-table__cell govuk-table__cell--numeric">{d.now === null ? "Not known" : num(d.now)}</td>
                          {[d.added, d.removed].map((list, i) => (
                            <td key={i} className="govuk-table__cell">
                              {list.length === 0
                                ? "None"
                                : list.map((h, j) => (
                                    <span key={h.id}>
                                      {j > 0 ? ", " : ""}
                                      {links ? (
                                        <Link className="govuk-link" to={`/households/${h.id}`}>
                                          {h.caseRef}
                                        </Link>
                                      ) : (
                                        h.caseRef
                                      )}
                                    </span>
                                  ))}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollBox>
              )}
            </>
          ) : canFile ? (
            <Form method="post" className="waypoint-no-print" id="file">
              <input type="hidden" name="asOf" value={asOf} />
              <p className="govuk-body">
                When you have sent this return, mark it as filed. Waypoint keeps the figures and the households behind them, and shows here
                any later change to this night&apos;s figures.
              </p>
              <Button secondary>Mark TA1 for {report.asOfLabel} as filed</Button>
            </Form>
          ) : (
            <p className="govuk-body">Not marked as filed.</p>
          )}
          <div className="govuk-body">
            <p>How households are counted:</p>
            <ul className="govuk-list govuk-list--bullet">
              <li>
                A household is in TA on the night of the date when a placement (not cancelled) started on or before it and ends after it, or
                has no end.
              </li>
              <li>
                A household with a split placement (two units on the same night) is counted once, in its main placement: the one not marked
                as split.
              </li>
              <li>
                "Bed and breakfast" counts households in units that are B&B under the Homelessness (Suitability of Accommodation) (England)
                Order 2003: a toilet, washing or cooking facility shared with another household, and not owned or managed by a council,
                housing association or charity; whatever TA type the unit carries. The other categories come from the unit's TA type (set in
                Administration, TA types); a unit typed B&B that is not B&B by the Order counts as self-contained or as a hostel.
              </li>
              <li>"With children" means a dependent child or a pregnant member; the children line counts expected children too.</li>
              <li>
                "Resident more than 6 weeks" counts every B&B night of the household's current application up to the date, across moves and
                gaps, as the Order counts "a period, or a total of periods".
              </li>
              <li>"Awaiting review or appeal" uses the duty recorded on the placement.</li>
              <li>
                "Duty owed, no accommodation secured" counts households awaiting a placement on that date; they are not in the total. It is
                recorded as it is now, so for a past date it can differ from what was known then.
              </li>
            </ul>
          </div>
          <h2 className="govuk-heading-m">TA2: household composition</h2>
          {report.ta2Problems.length ? <WarningText>{report.ta2Problems.join("; ")}</WarningText> : null}
          <ScrollBox label="TA2">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">TA2 as at {report.asOfLabel}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Household type
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Households
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {report.ta2.map((r) => (
                  <tr key={r.line} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {r.label}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric" data-line={r.line}>
                      {cell(r.line, r.n, r.label, "ta2")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <Download to={`/reports/csv/ta2.csv?${qs({ asOf })}`}>Download TA2 as CSV</Download>
          <h2 className="govuk-heading-m">Placement-level extract</h2>
          <p className="govuk-body">
            Every placement that had started by {report.asOfLabel}, as known on that date, with the council's case reference, the TA type
            and TA1 category, the district, dates, destination and duty, and which placement the TA1 count used. A data team can map it to
            the government's case-level return (H-CLIC).
          </p>
          {canExtract ? (
            <Download to={`/reports/csv/statutory-extract.csv?${qs({ asOf })}`}>Download the placement-level extract as CSV</Download>
          ) : (
            <p className="govuk-body">A manager or administrator can download it: it holds every household's case reference.</p>
          )}
        </>
      ) : null}
    </>
  );
}
