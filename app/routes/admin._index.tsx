import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";

export const handle = { title: "Administration" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:users");
  return null;
}

export default function Admin() {
  return (
    <>
      <h1 className="govuk-heading-l">Administration</h1>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to="/admin/users">
            Users and roles
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/sign-in-throttles">
            Sign-in throttles
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/ta-types">
            Types of temporary accommodation
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/districts">
            Districts and where notices go
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/letters/templates">
            Letter templates
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/notification-types">
            Notification types
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/audit">
            Every change, by everyone
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/access-log">
            Who looked at which record
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/settings">
            Council settings
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/retention">
            Retention: closed cases due to be anonymised (dry run)
          </Link>
        </li>
      </ul>
    </>
  );
}
