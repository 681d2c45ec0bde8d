/**
 * Legal hold (issue 22, item 2; ADR 0038): an administrator keeps a case from being anonymised
 * after its retention period, with the reason, and takes the hold off. Audited.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { legalHoldSchema, setLegalHold } from "~/features/admin/retention.server";
import { formatWhen } from "~/features/casework/history";
import { asRefusal } from "~/lib/refusal";
import { BackLink, Button, ErrorSummary, Textarea } from "~/lib/components/govuk";

export const handle = { title: "Legal hold" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:retention");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await db
    .selectFrom("households as h")
    .leftJoin("users as u", "u.id", "h.legal_hold_by")
    .select(["h.id", "h.case_ref", "h.legal_hold_reason", "h.legal_hold_at", "h.anonymised_at", "u.name"])
    .where("h.id", "=", id)
    .executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  return {
    id,
    caseRef: h.case_ref,
    reason: h.legal_hold_reason,
    since: h.legal_hold_at ? formatWhen(h.legal_hold_at) : null,
    by: h.name,
    anonymised: h.anonymised_at !== null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:retention");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), legalHoldSchema);
  if (!form.ok) return { errors: form.errors };
  try {
    await setLegalHold(await getDb(), user.id, id, form.data.intent === "hold" ? { reason: form.data.reason ?? "" } : null);
  } catch (e) {
    return { errors: asRefusal(e).errors() };
  }
  return redirect(`/households/${id}?done=hold`);
}

export default function LegalHold() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={a?.errors} order={["reason"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Legal hold</h1>
        {d.anonymised ? <p className="govuk-body">This case has been anonymised after its retention period.</p> : null}
        {d.reason ? (
          <>
            <p className="govuk-body">
              On legal hold since {d.since} ({d.by ?? "someone no longer a user"}): {d.reason}
            </p>
            <p className="govuk-body">While it is on hold, the case is not anonymised, however long ago it closed.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="lift" />
              <Button warning>Take the case off legal hold</Button>
            </Form>
          </>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="hold" />
            <Textarea
              name="reason"
              label="Why must the case be kept?"
              hint="For example a claim, a complaint to the Ombudsman or a review that is still open. While on hold, the case is not anonymised after its retention period."
              error={a?.errors && "reason" in a.errors ? (a.errors as Record<string, string>).reason : undefined}
            />
            <Button>Put the case on legal hold</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
