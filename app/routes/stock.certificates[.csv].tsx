import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { csvResponse, toCsv } from "~/lib/csv.server";
import { expiringCertificates } from "~/features/standards/standards.server";

/** The rows of /stock/certificates: what has expired or expires in the next 30 days. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:stock");
  const day = today(request);
  const rows = await expiringCertificates(await getDb(), day, 30);
  return csvResponse(
    `waypoint-certificates-expiring-${day}.csv`,
    toCsv(
      ["certificate", "issued_on", "expires_on", "expired", "reference", "provider", "property", "unit_ref", "units_in_use"],
      rows.map((r) => [
        r.kind,
        r.issued_on,
        r.expires_on,
        r.expired ? "yes" : "no",
        r.reference ?? "",
        r.provider_name,
        r.property_name,
        r.unit_ref ?? "",
        r.units_in_use,
      ]),
    ),
  );
}
