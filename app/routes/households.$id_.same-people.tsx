import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { asRefusal } from "~/lib/refusal";
import { BackLink, Button, ErrorSummary, Table } from "~/lib/components/govuk";
import { decidePersonLink, undecidedPairsFor } from "~/features/households/person-links.server";

export const handle = { title: "Is this the same person?" };

const idSchema = z.coerce.number().int().positive();

async function household(params: { id?: string }) {
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const h = await (await getDb()).selectFrom("households").select(["id", "case_ref"]).where("id", "=", id.data).executeTakeFirst();
  if (!h) throw new Response("Not found", { status: 404 });
  return h;
}

/**
 * After registering a household with someone already known (issue 20, item 6): each member who
 * is likely the same person as a member of another household, to decide, pair by pair.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const h = await household(params);
  const pairs = await undecidedPairsFor(await getDb(), h.id);
  return {
    id: h.id,
    caseRef: h.case_ref,
    pairs: pairs.map((p) => ({
      key: `${p.ownMemberId}-${p.memberId}`,
      own: p.name,
      ownMemberId: p.ownMemberId,
      other: p.memberName,
      otherMemberId: p.memberId,
      otherHouseholdId: p.householdId,
      otherCaseRef: p.caseRef,
      similar: p.kind === "similar_person",
    })),
  };
}

const decision = z.object({
  member: z.coerce.number().int().positive(),
  other: z.coerce.number().int().positive(),
  decision: z.enum(["same", "different"]),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const h = await household(params);
  const form = parseForm(await readForm(request), decision);
  if (!form.ok) return { errors: { _form: "Choose whether they are the same person" } };
  const db = await getDb();
  // The member decided on must be this household's: an id from another household in the form changes nothing.
  const own = await db
    .selectFrom("household_members")
    .select("id")
    .where("id", "=", form.data.member)
    .where("household_id", "=", h.id)
    .executeTakeFirst();
  if (!own) return { errors: { _form: "Choose a member of this household" } };
  try {
    await decidePersonLink(db, user.id, form.data.member, form.data.other, form.data.decision === "same");
  } catch (e) {
    return { errors: asRefusal(e).errors("_form") };
  }
  const left = await undecidedPairsFor(db, h.id);
  return redirect(left.length ? `/households/${h.id}/same-people` : `/households/${h.id}?done=same-people`);
}

export default function SamePeople() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={a?.errors} order={["_form"]} />
        <h1 className="govuk-heading-l">Is this the same person?</h1>
        <p className="govuk-body">
          Members of household {d.caseRef} have the date of birth and the name, or a similar name, of a member of another household. Open
          the other household to check, then record whether each is the same person. The same person shows on both households and in a
          subject access request; different people are not offered again.
        </p>
        <Table
          caption="Possibly the same person"
          rowKey={(r) => r.key}
          rows={d.pairs}
          empty="Nothing left to decide."
          columns={[
            { header: `In ${d.caseRef}`, label: `In ${d.caseRef}`, cell: (r) => r.own },
            {
              header: "In another household",
              cell: (r) => (
                <>
                  {r.other}
                  {r.similar ? " (a similar name)" : ""} in{" "}
                  <Link className="govuk-link" to={`/households/${r.otherHouseholdId}`}>
                    {r.otherCaseRef}
                  </Link>
                </>
              ),
            },
            {
              header: "Decide",
              cell: (r) => (
                <Form method="post" className="waypoint-inline-form">
                  <input type="hidden" name="member" value={r.ownMemberId} />
                  <input type="hidden" name="other" value={r.otherMemberId} />
                  <Button secondary name="decision" value="same">
                    The same person
                    <span className="govuk-visually-hidden">
                      {" "}
                      as {r.other} in {r.otherCaseRef}
                    </span>
                  </Button>{" "}
                  <Button secondary name="decision" value="different">
                    Not the same
                    <span className="govuk-visually-hidden">
                      {" "}
                      as {r.other} in {r.otherCaseRef}
                    </span>
                  </Button>
                </Form>
              ),
            },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.id}`}>
            Decide later: go to the household
          </Link>
        </p>
      </div>
    </div>
  );
}
