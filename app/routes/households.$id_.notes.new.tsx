/** Add a case note, or a correction of one (?corrects=<note id>): notes are never edited in place (ADR 0028). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { asRefusal } from "~/lib/refusal";
import { noteOf, noteSchema, writeNote } from "~/features/casework/case-notes.server";
import { BackLink, Button, ErrorSummary, Textarea } from "~/lib/components/govuk";

export const handle = { title: (d: { corrects?: unknown }) => (d?.corrects ? "Correct a note" : "Add a case note") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  const c = new URL(request.url).searchParams.get("corrects");
  const corrects = c ? await noteOf(db, id, parseId(c)) : null;
  if (c && !corrects) throw new Response("Not Found", { status: 404 });
  return { id, caseRef: h.case_ref, corrects };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), noteSchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    const noteId = await writeNote(await getDb(), user.id, id, { body: form.data.body, correctsNoteId: form.data.corrects });
    return redirect(`/households/${id}?done=${form.data.corrects ? "note-corrected" : "note"}#note-${noteId}`);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
}

export default function NewNote() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const e: Record<string, string> = a?.errors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}#timeline`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={a?.errors} order={["body", "corrects"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">{d.corrects ? "Correct a note" : "Add a case note"}</h1>
        {d.corrects ? (
          <>
            <p className="govuk-body">
              A note is never changed. Your correction is kept beside it, and the note will show that it was corrected.
            </p>
            <div className="govuk-inset-text">
              <p className="govuk-body-s">
                Note of {d.corrects.when} by {d.corrects.writer}
              </p>
              <p className="govuk-body waypoint-note">{d.corrects.body}</p>
            </div>
            {d.corrects.corrected ? (
              <p className="govuk-body">This note has already been corrected: correct the latest correction instead.</p>
            ) : null}
          </>
        ) : null}
        <Form method="post" noValidate>
          {d.corrects ? <input type="hidden" name="corrects" value={d.corrects.id} /> : null}
          <Textarea
            name="body"
            label={d.corrects ? "Correction" : "Note"}
            hint={
              d.corrects
                ? "Say what was wrong and what is right. The original note stays as it was written."
                : "What happened, what was agreed, what to do next. A note cannot be changed later, only corrected by another note."
            }
            rows={6}
            defaultValue={a?.values?.body}
            error={e.body ?? e.corrects}
          />
          <Button>{d.corrects ? "Save correction" : "Save note"}</Button>
        </Form>
      </div>
    </div>
  );
}
