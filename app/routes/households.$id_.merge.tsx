/**
 * Merge a household registered twice into this one, and undo a merge (issue 22, item 6; ADR 0037).
 * A manager names the other household by its case reference (or picks one holding a person
 * linked as the same person), checks what will move, and confirms.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm, withoutControlCharacters } from "~/lib/forms.server";
import { mergeCandidate, mergeHouseholds, mergesOf, undoMerge } from "~/features/households/merge.server";
import { linkedElsewhere } from "~/features/households/person-links.server";
import { formatWhen } from "~/features/casework/history";
import { asRefusal } from "~/lib/refusal";
import { BackLink, Button, ErrorSummary, Input, Table, WarningText } from "~/lib/components/govuk";

export const handle = { title: "Merge households" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "merge:households");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await db.selectFrom("households").select(["id", "case_ref", "merged_into"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  // Control characters (a NUL cannot be sent to PostgreSQL) are taken out, as in every search box.
  const from = withoutControlCharacters(new URL(request.url).searchParams.get("from") ?? "")
    .trim()
    .slice(0, 60);
  const self = from !== "" && from.toLowerCase() === h.case_ref.toLowerCase();
  const candidate = from && !self ? await mergeCandidate(db, id, from) : null;
  const merges = await mergesOf(db, id);
  const linked = await linkedElsewhere(db, id);
  return {
    id,
    caseRef: h.case_ref,
    merged: h.merged_into !== null,
    from,
    fromError: self ? "A household cannot be merged into itself" : from && !candidate ? "No household has this case reference" : null,
    candidate,
    mergedFrom: merges.from.map((m) => ({
      id: m.id,
      householdId: m.mergedHouseholdId,
      caseRef: m.mergedCaseRef,
      at: formatWhen(m.at),
      by: m.by,
    })),
    linked: [...new Map(linked.map((l) => [l.other_case_ref, l])).values()],
  };
}

const schema = z.object({
  intent: z.enum(["merge", "undo"]),
  from: z.string().trim().max(60).optional(),
  merge: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "merge:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) throw new Response("Bad Request", { status: 400 });
  const db = await getDb();
  try {
    if (form.data.intent === "merge") {
      const other = await db
        .selectFrom("households")
        .select("id")
        .where("case_ref", "=", form.data.from ?? "")
        .executeTakeFirst();
      if (!other) return { errors: { from: "Enter the case reference of a recorded household" } };
      await mergeHouseholds(db, user.id, id, Number(other.id));
      return redirect(`/households/${id}?done=merged`);
    }
    if (!form.data.merge) throw new Response("Bad Request", { status: 400 });
    await undoMerge(db, user.id, Number(form.data.merge));
    return redirect(`/households/${id}?done=unmerged`);
  } catch (e) {
    return { errors: asRefusal(e).errors(form.data.intent === "merge" ? "from" : "_undo") };
  }
}

export default function MergeHouseholds() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const c = d.candidate;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={a?.errors ?? (d.fromError ? { from: d.fromError } : undefined)} order={["from", "_undo"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Merge a household registered twice</h1>
        {d.mergedFrom.length ? (
          <>
            <Table
              caption="Households merged into this one"
              rowKey={(m) => m.id}
              rows={d.mergedFrom}
              columns={[
                {
                  header: "Household",
                  cell: (m) => (
                    <Link className="govuk-link" to={`/households/${m.householdId}`}>
                      {m.caseRef}
                    </Link>
                  ),
                },
                { header: "Merged", cell: (m) => `${m.at} by ${m.by ?? "someone no longer a user"}` },
                {
                  header: "Undo",
                  cell: (m) => (
                    <Form method="post" noValidate>
                      <input type="hidden" name="intent" value="undo" />
                      <input type="hidden" name="merge" value={m.id} />
                      <Button secondary>
                        Undo<span className="govuk-visually-hidden"> the merge of {m.caseRef}</span>
                      </Button>
                    </Form>
                  ),
                },
              ]}
            />
            <p className="govuk-body">
              Undo puts every record that moved back in its household. It is refused when that is no longer safe: when a record that moved
              has since been removed or moved elsewhere, or a placement has been recorded here since the merge.
            </p>
          </>
        ) : null}
        {d.merged ? (
          <p className="govuk-body">This household has been merged into another: nothing can be merged into it.</p>
        ) : (
          <>
            <p className="govuk-body">
              When one family was registered twice, merge the other record into this one. Its members who are not already here, its
              placements, applications, contacts, reviews, notices and move-on plan move to {d.caseRef}; the other record is kept, marked as
              merged, and left out of lists, search and every figure.
            </p>
            {d.linked.length ? (
              <>
                <h2 className="govuk-heading-m">Households holding the same person</h2>
                <ul className="govuk-list">
                  {d.linked.map((l) => (
                    <li key={l.other_case_ref}>
                      <Link className="govuk-link" to={`?from=${encodeURIComponent(l.other_case_ref)}`}>
                        Merge {l.other_case_ref} into {d.caseRef}
                      </Link>{" "}
                      ({l.name})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {c ? (
              <>
                <h2 className="govuk-heading-m">Check what moves from {c.caseRef}</h2>
                <ul className="govuk-list govuk-list--bullet">
                  {c.moves.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
                {c.stays.length ? (
                  <>
                    <p className="govuk-body">Stays with {c.caseRef}, as the duplicate record:</p>
                    <ul className="govuk-list govuk-list--bullet">
                      {c.stays.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
                <WarningText>{c.caseRef} will be hidden from lists and search. The merge can be undone from this page.</WarningText>
                {a?.errors && "from" in a.errors ? (
                  <p className="govuk-error-message" id="from">
                    <span className="govuk-visually-hidden">Error:</span> {a.errors.from}
                  </p>
                ) : null}
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="merge" />
                  <input type="hidden" name="from" value={c.caseRef} />
                  <Button>
                    Merge {c.caseRef} into {d.caseRef}
                  </Button>
                </Form>
              </>
            ) : (
              <Form method="get" noValidate>
                <Input
                  name="from"
                  label="Case reference of the household to merge into this one"
                  width="20"
                  defaultValue={d.from}
                  error={a?.errors && "from" in a.errors ? a.errors.from : (d.fromError ?? undefined)}
                  spellCheck={false}
                />
                <Button secondary>Check what moves</Button>
              </Form>
            )}
          </>
        )}
      </div>
    </div>
  );
}
