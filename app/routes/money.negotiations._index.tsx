import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { addDays, addMonths, formatDate, startOfMonth } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { listNegotiations, savingByMonth } from "~/features/money/negotiations.server";
import { NEGOTIATION_STATUS, formatChange } from "~/features/money/negotiations";
import { BackLink, ButtonLink, Table, Tag } from "~/lib/components/govuk";

export const handle = { title: "Rate negotiations" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const db = await getDb();
  const day = today(request);
  // The last 12 calendar months up to last night (the current month is a part).
  const from = addMonths(startOfMonth(day), -11);
  const [rows, months] = await Promise.all([listNegotiations(db), savingByMonth(db, from, day)]);
  return {
    canEdit: can(user.role, "edit:rates"),
    from: formatDate(from),
    lastNight: formatDate(addDays(day, -1)),
    negotiations: rows.map((n) => ({
      id: n.id,
      provider: n.provider_name,
      scope: n.ta_type ?? "All types",
      status: n.status,
      change: formatChange(n.offered_basis_points ?? n.asked_basis_points),
      askedOn: formatDate(n.asked_on),
      effectiveFrom: n.effective_from ? formatDate(n.effective_from) : "",
    })),
    months,
    total: months.reduce((s, m) => s + m.savingPence, 0),
  };
}

export default function Negotiations() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      <h1 className="govuk-heading-l">Rate negotiations</h1>
      <p className="govuk-body">
        A proposed change to a provider's rates, recorded as it is asked, offered, agreed or refused. An agreed one becomes new rates for
        the provider's units (or those of one type) from its effective date.
      </p>
      {d.canEdit ? <ButtonLink to="/money/negotiations/new">Record a negotiation</ButtonLink> : null}
      <Table
        caption="Negotiations"
        rows={d.negotiations}
        rowKey={(n) => n.id}
        empty="No negotiations recorded."
        columns={[
          {
            header: "Provider",
            cell: (n) => (
              <Link className="govuk-link" to={`/money/negotiations/${n.id}`}>
                {n.provider}
              </Link>
            ),
          },
          { header: "Units", cell: (n) => n.scope },
          { header: "Change", cell: (n) => n.change, numeric: true },
          { header: "Asked", cell: (n) => n.askedOn },
          { header: "Status", cell: (n) => <Tag colour={NEGOTIATION_STATUS[n.status]?.colour}>{NEGOTIATION_STATUS[n.status]?.label}</Tag> },
          { header: "Rates from", cell: (n) => n.effectiveFrom },
        ]}
      />
      <h2 className="govuk-heading-m">Saving by month</h2>
      <p className="govuk-body">
        From {d.from} to last night ({d.lastNight}): for the nights paid at a rate from an agreed negotiation (occupied nights, and every
        night of a unit paid for every night), their cost at the rate before it less their cost at the negotiated rate. Recorded rates, not
        estimates. A rise agreed shows as a negative saving.
      </p>
      <Table
        caption="Saving from agreed negotiations, by month"
        captionSize="s"
        rows={d.months}
        rowKey={(m) => m.month}
        empty="No nights paid at a negotiated rate yet."
        firstCellIsHeader
        columns={[
          { header: "Month", cell: (m) => m.month },
          { header: "Units", cell: (m) => m.units.toLocaleString("en-GB"), numeric: true },
          { header: "Nights", cell: (m) => m.nights.toLocaleString("en-GB"), numeric: true },
          { header: "At the rates before", cell: (m) => formatPence(m.previousPence), numeric: true },
          { header: "At the negotiated rates", cell: (m) => formatPence(m.newPence), numeric: true },
          { header: "Saving", cell: (m) => formatPence(m.savingPence), numeric: true },
        ]}
      />
      {d.months.length ? <p className="govuk-body govuk-!-font-weight-bold">Total saving: {formatPence(d.total)}</p> : null}
    </>
  );
}
