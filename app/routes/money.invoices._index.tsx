import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { invoiceOverview } from "~/features/invoices/invoices.server";
import { BackLink, ButtonLink, Table, Tag } from "~/lib/components/govuk";

export const handle = { title: "Provider invoices" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const { rows, providers } = await invoiceOverview(await getDb(), today(request));
  return {
    canEdit: can(user.role, "edit:invoices"),
    rows: rows.map((r) => ({
      id: r.id,
      ref: r.invoice_ref,
      provider: r.provider_name,
      received: formatDate(r.received_on),
      status: r.status,
      lines: r.lines,
      totals: r.check.totals,
    })),
    providers,
  };
}

const STATUS_TAG = {
  received: <Tag>To check</Tag>,
  approved: <Tag colour="green">Approved</Tag>,
  disputed: <Tag colour="red">Disputed</Tag>,
} as const;

export default function Invoices() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      <h1 className="govuk-heading-l">Provider invoices</h1>
      <p className="govuk-body">
        Each invoice line is checked night by night against the placements and the agreed rates: nights billed with nobody placed, at
        another rate, or on two invoices are over-billing; placement nights not billed are under-billing. Nights with nobody placed in a
        unit paid for every night (a lease or block booking) are owed: they are shown as void cost, not over-billing. Nights after the
        invoice's date or after today are flagged and not accepted. Recorded: the invoices, placements and agreed rates; nothing here is
        estimated.
      </p>
      {d.canEdit ? <ButtonLink to="/money/invoices/new">Add an invoice</ButtonLink> : null}
      <Table
        caption="Invoices"
        rowKey={(r) => r.id}
        rows={d.rows}
        empty="No invoices yet."
        columns={[
          {
            header: "Invoice",
            cell: (r) => (
              <Link className="govuk-link" to={`/money/invoices/${r.id}`}>
                {r.ref}
              </Link>
            ),
          },
          { header: "Provider", cell: (r) => r.provider },
          { header: "Received", cell: (r) => r.received },
          { header: "Status", cell: (r) => STATUS_TAG[r.status] },
          { header: "Billed", cell: (r) => formatPence(r.totals.billedPence), numeric: true },
          {
            header: "Over-billed",
            cell: (r) => (r.totals.overBilledPence ? <strong>{formatPence(r.totals.overBilledPence)}</strong> : formatPence(0)),
            numeric: true,
          },
          { header: "Under-billed", cell: (r) => formatPence(r.totals.underBilledPence), numeric: true },
          { header: "Not checked", cell: (r) => formatPence(r.totals.unverifiedPence), numeric: true },
          {
            header: "Future nights",
            cell: (r) => (r.totals.futureNights ? <strong>{r.totals.futureNights}</strong> : "0"),
            numeric: true,
          },
        ]}
      />
      <Table
        caption="Totals per provider"
        rowKey={(p) => p.providerRef}
        rows={d.providers}
        empty="No invoices yet."
        columns={[
          { header: "Provider", cell: (p) => p.providerRef },
          { header: "Invoices", cell: (p) => p.invoices, numeric: true },
          { header: "Billed", cell: (p) => formatPence(p.billedPence), numeric: true },
          { header: "Void cost billed (paid every night)", cell: (p) => formatPence(p.voidPaidPence), numeric: true },
          { header: "Nights with nobody placed", cell: (p) => formatPence(p.voidPence), numeric: true },
          { header: "Billed twice", cell: (p) => formatPence(p.duplicatePence), numeric: true },
          { header: "Above the agreed rate", cell: (p) => formatPence(p.rateExcessPence), numeric: true },
          { header: "Over-billed", cell: (p) => formatPence(p.overBilledPence), numeric: true },
          { header: "Under-billed", cell: (p) => formatPence(p.underBilledPence), numeric: true },
        ]}
      />
    </>
  );
}
