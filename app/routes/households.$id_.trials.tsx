import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseId, readForm } from "~/lib/forms.server";
import { setHouseholdTags, tagsForHousehold } from "~/features/trials/trials.server";
import { can } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { BackLink, Button, Checkboxes, NotificationBanner } from "~/lib/components/govuk";

export const handle = {
  title: (d: { caseRef?: string }) => (d?.caseRef ? `Changes for household ${d.caseRef}` : "Changes for a household"),
};

async function household(id: number) {
  const db = await getDb();
  const h = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  return h;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:households");
  const h = await household(parseId(params.id));
  const trials = await tagsForHousehold(await getDb(), h.id);
  return {
    id: h.id,
    caseRef: h.case_ref,
    canTag: can(user.role, "tag:trials"),
    trials: trials.map((t) => ({
      id: t.id,
      name: t.name,
      tagged: t.tagged,
      runs: `From ${formatDate(t.start_date)}${t.end_date ? ` to ${formatDate(t.end_date)}` : ", still running"}`,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "tag:trials");
  const h = await household(parseId(params.id));
  const form = await readForm(request);
  const ids = form
    .getAll("trials")
    .filter((x): x is string => typeof x === "string" && /^\d{1,15}$/.test(x))
    .map(Number);
  await setHouseholdTags(await getDb(), actor.id, h.id, ids);
  throw redirect(`/households/${h.id}/trials?saved=1`);
}

export default function HouseholdTrials() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const tagged = d.trials.filter((t) => t.tagged);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        {params.get("saved") ? (
          <NotificationBanner success title="Saved">
            <p className="govuk-notification-banner__heading">The changes this household is part of are saved.</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Changes for household {d.caseRef}</h1>
        <p className="govuk-body">
          Some changes to how the council works (test and learn) are tried with households that officers choose one by one. Tag this
          household if it is part of one.
        </p>
        {d.trials.length === 0 ? (
          <p className="govuk-body">No change is choosing households by tag at the moment.</p>
        ) : d.canTag ? (
          <Form method="post" noValidate>
            <Checkboxes
              name="trials"
              legend="This household is part of"
              hint="Select all that apply. Clear a box to take the household out."
              choices={d.trials.map((t) => ({ value: String(t.id), label: t.name, hint: t.runs }))}
              defaultValues={tagged.map((t) => String(t.id))}
            />
            <Button>Save</Button>
          </Form>
        ) : (
          <ul className="govuk-list govuk-list--bullet">
            {tagged.length ? tagged.map((t) => <li key={t.id}>{t.name}</li>) : <li>Not part of any change chosen by tag.</li>}
          </ul>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.id}`}>
            Back to the household
          </Link>
        </p>
      </div>
    </div>
  );
}
