import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { addDays, formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { auditFindings, auditParams, billedAfterLeaving, longVoids, noContactFor } from "~/features/occupancy-audit/occupancy-audit.server";
import { BackLink, Button, ErrorSummary, Input, SummaryList, Table, Tag } from "~/lib/components/govuk";

export const handle = { title: "Occupancy audit" };

/** Rows shown per list; the CSV has all of them. */
const SHOWN = 25;
const n = (x: number) => x.toLocaleString("en-GB");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const day = today(request);
  const url = new URL(request.url);
  const p = auditParams(url);
  const db = await getDb();
  const [findings, voids, quiet, billed] = await Promise.all([
    auditFindings(db, day),
    longVoids(db, day, p.nights),
    noContactFor(db, day, p.weeks),
    billedAfterLeaving(db),
  ]);
  const errors: Record<string, string> = {};
  if (p.weeksError) errors.weeks = "Weeks must be a whole number from 1 to 104";
  if (p.nightsError) errors.nights = "Nights must be a whole number from 1 to 3650";
  return {
    lastNight: formatDate(addDays(day, -1)),
    weeks: p.weeks,
    nights: p.nights,
    given: { weeks: url.searchParams.get("weeks") ?? String(p.weeks), nights: url.searchParams.get("nights") ?? String(p.nights) },
    errors: Object.keys(errors).length ? errors : undefined,
    canEnd: can(user.role, "edit:placements"),
    canDownloadPeople: can(user.role, "export:personal-data"),
    query: `weeks=${p.weeks}&nights=${p.nights}`,
    findings: (() => {
      const rows = findings.rows.map((r) => ({
        ...r,
        found: formatDate(r.foundOn),
        ended: r.endNow ? formatDate(r.endNow) : null,
        // Still running after the date found: the officer's next step is to end it from then.
        toEnd: r.endNow === null || r.endNow > r.foundOn,
      }));
      const running = rows.filter((r) => r.toEnd);
      // Ended since: the latest found first.
      const ended = rows.filter((r) => !r.toEnd).sort((a, b) => (a.foundOn < b.foundOn ? 1 : a.foundOn > b.foundOn ? -1 : 0));
      return {
        totals: findings.totals,
        running: { total: running.length, rows: running.slice(0, SHOWN) },
        ended: { total: ended.length, rows: ended.slice(0, SHOWN) },
        unpricedNights: findings.rows.reduce((s, r) => s + r.unpricedNights, 0),
      };
    })(),
    voids: {
      total: voids.length,
      pence: voids.reduce((s, r) => s + r.pence, 0),
      rows: voids.slice(0, SHOWN).map((r) => ({ ...r, since: formatDate(r.emptySince) })),
    },
    quiet: {
      total: quiet.length,
      rows: quiet.slice(0, SHOWN).map((r) => ({
        ...r,
        start: formatDate(r.startDate),
        last: r.lastContactOn ? formatDate(r.lastContactOn) : null,
      })),
    },
    billed: {
      total: billed.length,
      nights: billed.reduce((s, r) => s + r.nightsAfter, 0),
      pence: billed.filter((r) => r.paidFor === "occupied_nights").reduce((s, r) => s + r.afterPence, 0),
      rows: billed.slice(0, SHOWN).map((r) => ({
        ...r,
        nightsLabel: `${formatDate(r.from)} to ${formatDate(addDays(r.to, -1))}`,
        left: formatDate(r.leftOn),
      })),
    },
  };
}

function CsvLink({ href, children }: { href: string; children: string }) {
  return (
    <p className="govuk-body">
      <a className="govuk-link" href={href} download>
        {children}
      </a>
    </p>
  );
}

function caption(title: string, shown: number, total: number) {
  return total > shown ? `${title} (the first ${shown} of ${n(total)})` : title;
}

type Finding = ReturnType<typeof useLoaderData<typeof loader>>["findings"]["running"]["rows"][number];

/** Nights and their money; a unit paid for every night has no money to recover by ending the placement. */
const money = (nights: number, pence: number, paidFor: string) =>
  `${n(nights)} (${paidFor === "every_night" ? "leased: paid every night" : formatPence(pence)})`;

function FindingsTable({
  which,
  title,
  part,
  canEnd,
  empty,
}: {
  which: "running" | "ended";
  title: string;
  part: { total: number; rows: Finding[] };
  canEnd: boolean;
  empty: string;
}) {
  return (
    <Table
      caption={caption(title, part.rows.length, part.total)}
      captionSize="s"
      rowKey={(r) => r.placementId}
      rows={part.rows}
      empty={empty}
      columns={[
        {
          header: "Household and unit",
          cell: (r) => (
            <>
              <Link className="govuk-link" to={`/households/${r.householdId}#contacts`}>
                {r.caseRef}
              </Link>
              <br />
              {r.unitRef}
            </>
          ),
        },
        { header: "Found", cell: (r) => `${r.found}: ${r.outcome === "left" ? "left" : "irregular arrangement"}` },
        which === "running"
          ? { header: "Nights still paid", cell: (r) => money(r.stillPaidNights, r.stillPaidPence, r.paidFor), numeric: true }
          : { header: "Nights recovered", cell: (r) => money(r.recoveredNights, r.recoveredPence, r.paidFor), numeric: true },
        {
          header: "Placement",
          cell: (r) =>
            r.toEnd ? (
              canEnd ? (
                <Link className="govuk-link" to={`/households/${r.householdId}/placements/${r.placementId}/end?end=${r.foundOn}`}>
                  End it from {r.found}
                  <span className="govuk-visually-hidden"> (household {r.caseRef})</span>
                </Link>
              ) : (
                <Tag colour="red">Still running</Tag>
              )
            ) : (
              `Ended ${r.ended}`
            ),
        },
      ]}
    />
  );
}

export default function OccupancyAudit() {
  const d = useLoaderData<typeof loader>();
  const t = d.findings.totals;
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      <ErrorSummary errors={d.errors} order={["weeks", "nights"]} />
      <h1 className="govuk-heading-l">Occupancy audit</h1>
      <p className="govuk-body">
        Lists to work from: rooms paid for but empty, households who may no longer live where they are recorded, and invoices for households
        who have left. Record what a home visit found on the household&apos;s page (Contacts and visits): when it finds them gone, end the
        placement from the date of the visit.
      </p>
      <p className="govuk-body" id="recorded-estimated">
        <strong>Recorded:</strong> visits and contacts, placements, rates and invoices. <strong>Estimated:</strong> only the share of an
        invoice line for the nights after a household left (the line&apos;s amount pro rata).
      </p>

      <h2 className="govuk-heading-m" id="figures">
        Nights and money recovered
      </h2>
      <SummaryList
        rows={[
          { key: "Placements a visit found the household gone from (left, or an irregular arrangement)", value: n(t.placements) },
          {
            key: "Still paid after the household was found gone",
            value: `${n(t.stillPaidNights)} ${t.stillPaidNights === 1 ? "night" : "nights"}, ${formatPence(t.stillPaidPence)}`,
          },
          {
            key: "Recovered",
            value: `${n(t.recoveredNights)} ${t.recoveredNights === 1 ? "night" : "nights"}, ${formatPence(t.recoveredPence)}`,
          },
        ]}
      />
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">How these are counted</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body">
            <strong>Found gone</strong>: the first home visit at a placement that found the household had left, or someone else living there
            or a sublet, unless a later visit found them living there. The date of that visit is the first night the council knows they were
            not there.
          </p>
          <p className="govuk-body">
            <strong>Still paid after found gone</strong>: the placement&apos;s nights from the date found up to last night ({d.lastNight}),
            while the placement still runs: nights paid for a household that is not there. End the placement from the date found to stop
            them.
          </p>
          <p className="govuk-body">
            <strong>Recovered</strong>: the nights from the date found that the placement held when the visit was recorded and no longer
            holds because it has been ended since, counted up to last night: nights the council no longer pays for (and can claim back where
            already paid). Nights still to come are not counted until they pass.
          </p>
          <p className="govuk-body">
            <strong>Money</strong>: those nights at the unit&apos;s rate, priced as spend prices a placement&apos;s nights (a weekly rate in
            whole weeks from the stay&apos;s start). Only for units paid per occupied night: a unit paid for every night (a lease) costs the
            same whoever is in it, so its nights count here but its money is recovered only when the room is let again (until then they are
            void nights, in void cost).
            {d.findings.unpricedNights ? ` ${n(d.findings.unpricedNights)} nights have no rate recorded and are not priced.` : ""}
          </p>
        </div>
      </details>
      <FindingsTable
        which="running"
        title="Still running after the household was found gone"
        part={d.findings.running}
        canEnd={d.canEnd}
        empty="No placement runs on after a visit found the household gone."
      />
      <FindingsTable
        which="ended"
        title="Ended since the household was found gone"
        part={d.findings.ended}
        canEnd={d.canEnd}
        empty="No placement has been ended after a visit found the household gone."
      />
      {d.canDownloadPeople ? (
        <CsvLink href={`/money/occupancy-audit.csv?list=findings&${d.query}`}>Download the placements found gone (CSV)</CsvLink>
      ) : null}

      <Form method="get" className="govuk-!-margin-top-6">
        <h2 className="govuk-heading-m">Choose the lists</h2>
        <Input
          name="weeks"
          label="No contact for at least this many weeks"
          width="3"
          inputMode="numeric"
          defaultValue={d.given.weeks}
          error={d.errors?.weeks}
        />
        <Input
          name="nights"
          label="Rooms empty for at least this many nights"
          width="4"
          inputMode="numeric"
          defaultValue={d.given.nights}
          error={d.errors?.nights}
        />
        <Button secondary>Show the lists</Button>
      </Form>

      <h2 className="govuk-heading-m" id="no-contact">
        Placements with no contact for {d.weeks} {d.weeks === 1 ? "week" : "weeks"}
      </h2>
      <p className="govuk-body">
        Placements running tonight with no contact recorded with the household (a visit, call, email, letter or visit to the office) since
        the later of the placement&apos;s start and {d.weeks} {d.weeks === 1 ? "week" : "weeks"} ago. A visit that found nobody in is not a
        contact. {n(d.quiet.total)} {d.quiet.total === 1 ? "placement" : "placements"}.
      </p>
      <Table
        caption={caption("Placements with no recent contact", d.quiet.rows.length, d.quiet.total)}
        captionSize="s"
        rowKey={(r) => r.placementId}
        rows={d.quiet.rows}
        empty="Every placement has had a contact in that time."
        columns={[
          {
            header: "Household",
            cell: (r) => (
              <Link className="govuk-link" to={`/households/${r.householdId}#contacts`}>
                {r.caseRef}
              </Link>
            ),
          },
          {
            header: "Unit and provider",
            cell: (r) => (
              <>
                {r.unitRef}
                <br />
                {r.providerName}
              </>
            ),
          },
          { header: "Placed from", cell: (r) => r.start },
          { header: "Last contact", cell: (r) => r.last ?? "None" },
          { header: "Weeks without", cell: (r) => n(r.weeks), numeric: true },
        ]}
      />
      {d.canDownloadPeople ? (
        <CsvLink href={`/money/occupancy-audit.csv?list=no-contact&${d.query}`}>Download the placements with no contact (CSV)</CsvLink>
      ) : null}

      <h2 className="govuk-heading-m" id="voids">
        Rooms paid for but empty for {d.nights} {d.nights === 1 ? "night" : "nights"} or more
      </h2>
      <p className="govuk-body">
        Units paid for every night (a lease or block booking) with nobody placed on the night of {d.lastNight}, empty for at least{" "}
        {d.nights} {d.nights === 1 ? "night" : "nights"}: {n(d.voids.total)} {d.voids.total === 1 ? "unit" : "units"}, paid{" "}
        {formatPence(d.voids.pence)} for their current empty nights (void cost).
      </p>
      <Table
        caption={caption("Rooms empty for long", d.voids.rows.length, d.voids.total)}
        captionSize="s"
        rowKey={(r) => r.unitId}
        rows={d.voids.rows}
        empty="No unit paid for every night has been empty that long."
        columns={[
          {
            header: "Unit",
            cell: (r) => (
              <Link className="govuk-link" to={`/money/units/${r.unitId}`}>
                {r.unitRef}
              </Link>
            ),
          },
          { header: "Provider", cell: (r) => r.providerName },
          { header: "Type", cell: (r) => r.taTypeName },
          { header: "Empty since", cell: (r) => r.since },
          { header: "Nights", cell: (r) => n(r.nights), numeric: true },
          { header: "Paid for them", cell: (r) => formatPence(r.pence), numeric: true },
        ]}
      />
      <CsvLink href={`/money/occupancy-audit.csv?list=voids&${d.query}`}>Download the rooms empty for long (CSV)</CsvLink>

      <h2 className="govuk-heading-m" id="invoices">
        Invoices for households who have left
      </h2>
      <p className="govuk-body">
        Invoice lines naming a household and a unit it stayed in that bill nights after its stay there ended (nights no stay of theirs there
        holds): {n(d.billed.total)} {d.billed.total === 1 ? "line" : "lines"}, {n(d.billed.nights)} nights. For units paid per occupied
        night that is about {formatPence(d.billed.pence)} (each line&apos;s amount pro rata) to dispute; a unit paid for every night owes
        those nights as void nights, but the provider still lists the household.
      </p>
      <Table
        caption={caption("Invoice lines after the household left", d.billed.rows.length, d.billed.total)}
        captionSize="s"
        rowKey={(r) => `${r.invoiceId}-${r.lineNo}`}
        rows={d.billed.rows}
        empty="No invoice bills nights after a household left."
        columns={[
          {
            header: "Invoice",
            cell: (r) => (
              <>
                <Link className="govuk-link" to={`/money/invoices/${r.invoiceId}`}>
                  {r.invoiceRef}, line {r.lineNo}
                </Link>
                <br />
                {r.providerName}
              </>
            ),
          },
          {
            header: "Unit and household",
            cell: (r) => (
              <>
                {r.unitRef}
                <br />
                <Link className="govuk-link" to={`/households/${r.householdId}`}>
                  {r.caseRef}
                </Link>
              </>
            ),
          },
          { header: "Nights billed", cell: (r) => r.nightsLabel },
          { header: "Left", cell: (r) => r.left },
          { header: "Nights after", cell: (r) => n(r.nightsAfter), numeric: true },
          { header: "Their share", cell: (r) => formatPence(r.afterPence), numeric: true },
        ]}
      />
      {d.canDownloadPeople ? (
        <CsvLink href={`/money/occupancy-audit.csv?list=invoices&${d.query}`}>Download the invoice lines (CSV)</CsvLink>
      ) : null}
    </>
  );
}
