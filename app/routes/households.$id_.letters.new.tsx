import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { councilName } from "~/lib/council.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { asRefusal } from "~/lib/refusal";
import { codesOf } from "~/lib/vocabulary";
import { isLetterKind, LETTER_KINDS, NEEDS_PLACEMENT, type LetterKind } from "~/features/letters/fields";
import { MAX_SENT_TO, placementChoices, prepareLetter, sendLetter, textHash } from "~/features/letters/letters.server";
import { BackLink, Button, ErrorSummary, Input, Radios } from "~/lib/components/govuk";

export const handle = { title: "Send a letter" };

const idOrNull = (s: string | null) => (s && /^\d{1,15}$/.test(s) ? Number(s) : null);

/** The letter chosen in the query (?kind=&placement=), filled in for the case: shown before it is sent. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const db = await getDb();
  const h = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", id).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  const placements = await placementChoices(db, id);
  const q = new URL(request.url).searchParams;
  const kind = isLetterKind(q.get("kind")) ? (q.get("kind") as LetterKind) : null;
  // The placement chosen, else the latest (for an s208 notice, the latest out of district).
  const placementId =
    idOrNull(q.get("placement")) ??
    (kind === "s208_notice" ? placements.find((p) => p.outOfDistrict)?.id : undefined) ??
    placements[0]?.id ??
    null;
  let preview: { body: string; sentTo: string; hash: string } | null = null;
  let refused: Record<string, string> | null = null;
  if (kind) {
    try {
      const letter = await prepareLetter(db, {
        householdId: id,
        kind,
        placementId,
        letterDate: today(request),
        officerName: user.name,
        councilName: await councilName(),
      });
      preview = { body: letter.body, sentTo: letter.sentTo, hash: textHash(letter.body) };
    } catch (e) {
      refused = asRefusal(e).errors();
    }
  } else if (q.has("kind") || q.has("placement")) refused = { kind: "Select the letter to send" };
  return {
    id,
    caseRef: h.case_ref,
    kind,
    placementId,
    placements,
    needsPlacement: kind ? NEEDS_PLACEMENT[kind] : true,
    preview,
    refused,
  };
}

const sendSchema = z.object({
  kind: z.enum(codesOf(LETTER_KINDS), { error: "Select the letter to send" }),
  placement: z
    .string()
    .default("")
    .transform((s) => idOrNull(s)),
  sent_to: z
    .string()
    .trim()
    .min(1, "Enter who the letter is sent to")
    .max(MAX_SENT_TO, `Who the letter is sent to must be ${MAX_SENT_TO} characters or fewer`),
  shown: z.string().max(64).default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const form = parseForm(await readForm(request), sendSchema);
  if (!form.ok) return { errors: form.errors, values: form.values };
  const f = form.data;
  let letterId: number;
  try {
    letterId = await sendLetter(await getDb(), user.id, {
      householdId: id,
      kind: f.kind,
      placementId: f.placement,
      letterDate: today(request),
      officerName: user.name,
      councilName: await councilName(),
      sentTo: f.sent_to,
      shownHash: f.shown,
    });
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}/letters/${letterId}?sent=1`);
}

export default function SendLetter() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const errors = { ...(d.refused ?? {}), ...(a?.errors ?? {}) };
  const v: Record<string, string> = a?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}#letters`}>Household {d.caseRef}</BackLink>
        <ErrorSummary errors={Object.keys(errors).length ? errors : undefined} order={["kind", "placement", "sent_to"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Send a letter</h1>
        <Form method="get" noValidate>
          <Radios
            name="kind"
            legend="Which letter?"
            legendSize="m"
            defaultValue={d.kind}
            error={errors.kind}
            choices={Object.entries(LETTER_KINDS).map(([value, label]) => ({ value, label }))}
          />
          {d.placements.length ? (
            <Radios
              name="placement"
              legend="Which placement is it about?"
              legendSize="m"
              hint="Not needed for a move-on offer."
              defaultValue={d.placementId === null ? null : String(d.placementId)}
              error={errors.placement}
              choices={d.placements.map((p) => ({
                value: String(p.id),
                label: p.label,
                hint: p.outOfDistrict ? "Out of district" : undefined,
              }))}
            />
          ) : (
            <p className="govuk-body" id="placement">
              The household has no placement: only a move-on offer can be sent.
              {errors.placement ? (
                <>
                  <br />
                  <strong className="govuk-error-message">{errors.placement}</strong>
                </>
              ) : null}
            </p>
          )}
          <Button secondary>Show the letter</Button>
        </Form>
        {d.preview ? (
          <>
            <h2 className="govuk-heading-m">The letter as it will be sent</h2>
            <div className="govuk-body waypoint-letter" data-testid="letter-preview">
              {d.preview.body}
            </div>
            <Form method="post" noValidate>
              <input type="hidden" name="kind" value={d.kind ?? ""} />
              <input type="hidden" name="placement" value={d.needsPlacement && d.placementId !== null ? String(d.placementId) : ""} />
              <input type="hidden" name="shown" value={d.preview.hash} />
              <Input
                name="sent_to"
                label="Sent to"
                hint="Who the letter goes to, and how: a name, and a postal or email address."
                defaultValue={v.sent_to ?? d.preview.sentTo}
                error={errors.sent_to}
              />
              <p className="govuk-body">The letter is kept on the case exactly as shown: changing a template later does not change it.</p>
              <Button>Send letter</Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
