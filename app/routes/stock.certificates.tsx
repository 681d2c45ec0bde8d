import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { expiringCertificates } from "~/features/standards/standards.server";
import { Table, Tag } from "~/lib/components/govuk";
import { addDays, formatDate } from "~/lib/dates";
import { CERTIFICATE_KINDS } from "~/lib/vocabulary";

export const handle = { title: "Certificates that have expired or expire in the next 30 days" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  const day = today(request);
  const rows = await expiringCertificates(await getDb(), day, 30);
  return {
    untilText: formatDate(addDays(day, 30)),
    expired: rows.filter((r) => r.expired).length,
    rows: rows.map((r) => ({ ...r, kindText: CERTIFICATE_KINDS[r.kind], expiresText: formatDate(r.expires_on) })),
  };
}

export default function ExpiringCertificates() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Certificates that have expired or expire in the next 30 days</h1>
      <p className="govuk-body">
        The latest certificate of each kind for each property (or unit) in use that has expired, or expires by {d.untilText}: {d.expired}{" "}
        expired and {d.rows.length - d.expired} expiring. Soonest first. A unit with an expired certificate is shown with the reason in find
        a unit, and placing there needs a recorded reason.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/stock/certificates.csv" reloadDocument>
          Download as CSV
        </Link>
      </p>
      <Table
        caption={`${d.rows.length} ${d.rows.length === 1 ? "certificate" : "certificates"}`}
        rowKey={(r) => r.id}
        rows={d.rows}
        empty="No certificate has expired or expires in the next 30 days."
        columns={[
          {
            header: "Expires",
            cell: (r) => (
              <>
                {r.expiresText}
                {r.expired ? (
                  <>
                    {" "}
                    <Tag colour="red">Expired</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "Certificate", cell: (r) => r.kindText },
          {
            header: "Property",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/properties/${r.property_id}#certificates`}>
                {r.property_name}
                {r.unit_ref ? `, unit ${r.unit_ref}` : ""}
              </Link>
            ),
          },
          {
            header: "Provider",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/providers/${r.provider_id}`}>
                {r.provider_name}
              </Link>
            ),
          },
          { header: "Units in use", cell: (r) => r.units_in_use, numeric: true },
        ]}
      />
    </>
  );
}
