/** The households behind a number in a report, counted by the same SQL as the report. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { readForReport } from "~/lib/db/read-copy.server";
import { today } from "~/lib/clock.server";
import { formatDate } from "~/lib/dates";
import { DESTINATIONS } from "~/lib/vocabulary";
import { LOS_BANDS, TA1_LINE_LABELS, TA2_LABELS } from "~/features/reports/reports";
import { householdsBehind, OCCUPANCY_GROUPS, taTypes } from "~/features/reports/reports.server";
import { householdFilterParams, pageParam } from "~/features/reports/report-params.server";
import { ErrorSummary, Pagination, Table } from "~/lib/components/govuk";
import { ReadCopyNotice, ReportBack, num, qs } from "~/features/reports/components";

export const handle = { title: "Households behind a number" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:reports");
  await requireUser(request, "view:households");
  const url = new URL(request.url);
  const { filter, errors } = householdFilterParams(url, today(request));
  const page = pageParam(url);
  // The same copy, and snapshot, as the report the number came from would read.
  const {
    value: [result, types],
    copy,
  } = await readForReport((db) => Promise.all([householdsBehind(db, filter, page), filter.group === "ta_type" ? taTypes(db) : []]));
  const parts: string[] = [];
  if (filter.line) parts.push(TA1_LINE_LABELS[filter.line]);
  if (filter.ta2) parts.push(TA2_LABELS[filter.ta2]);
  if (filter.band) parts.push(`In TA ${LOS_BANDS.find((b) => b.code === filter.band)!.label.toLowerCase()}`);
  if (filter.group && filter.key) {
    const name = filter.group === "ta_type" ? (types.find((t) => t.code === filter.key)?.name ?? filter.key) : filter.key;
    parts.push(
      `${OCCUPANCY_GROUPS[filter.group]}: ${filter.group === "area" ? (filter.key === "in_area" ? "in the council's district" : "in another district") : name}`,
    );
  }
  if (filter.exit) {
    const dest = DESTINATIONS[filter.exit.destination as keyof typeof DESTINATIONS] ?? "Destination not recorded";
    parts.push(`Left TA from ${formatDate(filter.exit.from)} to ${formatDate(filter.asOf)}: ${dest}`);
  }
  const params = {
    asOf: filter.asOf,
    line: filter.line,
    ta2: filter.ta2,
    band: filter.band,
    group: filter.group,
    key: filter.key,
    from: filter.exit?.from,
    destination: filter.exit?.destination,
  };
  return {
    errors,
    page,
    ...result,
    params,
    exit: !!filter.exit,
    title: parts.length ? parts.join(", ") : "Households in TA",
    asOfLabel: formatDate(filter.asOf),
    rows: result.rows.map((r) => ({ ...r, since: r.episode_start ? formatDate(r.episode_start) : "" })),
    copy,
  };
}

export default function HouseholdsBehind() {
  const { errors, page, pages, total, rows, params, title, asOfLabel, exit, copy } = useLoaderData<typeof loader>();
  return (
    <>
      <ReportBack />
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{exit ? "Episodes that ended in the period" : `Households as at the night of ${asOfLabel}`}</span>
      <h1 className="govuk-heading-l">{title}</h1>
      <ReadCopyNotice copy={copy} />
      <p className="govuk-body">
        {num(total)} {total === 1 ? "household" : "households"}. This list uses the same count as the report it came from.
      </p>
      <Table
        caption="Households"
        captionSize="s"
        rows={rows}
        rowKey={(r) => r.id}
        empty="No households."
        columns={[
          {
            header: "Case reference",
            cell: (r) => (
              <Link className="govuk-link" to={`/households/${r.id}`}>
                {r.case_ref}
              </Link>
            ),
          },
          { header: "Lead applicant", cell: (r) => r.lead_name ?? "Not recorded" },
          { header: exit ? "Last unit" : "Unit that night", cell: (r) => r.unit_ref ?? "None" },
          { header: "TA type", cell: (r) => r.ta_type ?? "" },
          { header: "In TA since", cell: (r) => r.since },
        ]}
      />
      <Pagination page={page} pages={pages} href={(p) => `?${qs({ ...params, page: p })}`} />
    </>
  );
}
