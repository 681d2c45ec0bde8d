import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/session.server";
import { getDb } from "~/db.server";
import { today } from "~/clock.server";
import { formatDate } from "~/domain/dates";
import { inTaOn } from "~/models/stats.server";

export const handle = { title: "Today" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const day = today(request);
  const counts = await inTaOn(db, day);
  return { user: { name: user.name }, dayLabel: formatDate(day), counts };
}

export default function Today() {
  const { user, dayLabel, counts } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{dayLabel}</span>
      <h1 className="govuk-heading-l">Today</h1>
      <p className="govuk-body">Signed in as {user.name}.</p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body"><span className="govuk-heading-xl govuk-!-margin-bottom-1">{counts.households}</span>households in temporary accommodation tonight</p>
        </div>
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body"><span className="govuk-heading-xl govuk-!-margin-bottom-1">{counts.withChildren}</span>of them with children</p>
        </div>
        <div className="govuk-grid-column-one-third">
          <p className="govuk-body"><span className="govuk-heading-xl govuk-!-margin-bottom-1">{counts.bnb}</span>in bed and breakfast</p>
        </div>
      </div>
      <p className="govuk-body"><Link className="govuk-link" to="/households">Find a household</Link></p>
    </>
  );
}
