import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { asRefusal } from "~/lib/refusal";
import { currentTemplate, saveTemplate, textHash } from "~/features/letters/letters.server";
import {
  FIELDS,
  FIELDS_BY_KIND,
  LETTER_KINDS,
  MAX_TEMPLATE_LENGTH,
  REQUIRED_BY_KIND,
  SAMPLE_VALUES,
  isLetterKind,
  renderLetter,
  type LetterKind,
} from "~/features/letters/fields";
import { BackLink, Button, ErrorSummary, Table, Textarea } from "~/lib/components/govuk";

export const handle = { title: (d: { name?: string }) => (d?.name ? `${d.name} template` : "Letter template") };

function kindOf(param: string | undefined): LetterKind {
  if (!isLetterKind(param)) throw new Response("Not Found", { status: 404 });
  return param;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:letter-templates");
  const kind = kindOf(params.kind);
  const t = await currentTemplate(await getDb(), kind);
  const required = REQUIRED_BY_KIND[kind];
  return {
    kind,
    name: LETTER_KINDS[kind],
    version: t.version,
    body: t.body,
    fields: FIELDS_BY_KIND[kind].map((f) => ({ name: f, description: FIELDS[f].description, required: required.includes(f) })),
  };
}

const schema = z.object({
  intent: z.enum(["preview", "save"]).default("preview"),
  body: z.string().max(MAX_TEMPLATE_LENGTH, `The letter must be ${MAX_TEMPLATE_LENGTH.toLocaleString("en-GB")} characters or fewer`),
  based_on: z.coerce.number().int().min(1).max(1_000_000),
  previewed: z.string().max(64).default(""),
});

/**
 * Preview: the text filled in with a made-up case (nothing saved). Save: only a text whose
 * preview was shown; a changed text is previewed again first.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:letter-templates");
  const kind = kindOf(params.kind);
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) return { errors: form.errors, values: form.values, preview: null, previewed: null };
  // Line endings as typed in a browser (CRLF) are kept as line feeds.
  const body = form.data.body.replace(/\r\n?/g, "\n");
  const values: Record<string, string> = { ...form.values, body };
  let preview: string;
  try {
    preview = renderLetter(kind, body, SAMPLE_VALUES);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values, preview: null, previewed: null };
  }
  const hash = textHash(body);
  if (form.data.intent === "preview") return { errors: null, values, preview, previewed: hash };
  if (form.data.previewed !== hash)
    return {
      errors: { body: "The text changed after its preview: check the new preview below, then save" } as Record<string, string>,
      values,
      preview,
      previewed: hash,
    };
  try {
    await saveTemplate(await getDb(), user.id, kind, body, form.data.based_on);
  } catch (e) {
    return { errors: asRefusal(e).errors(), values, preview, previewed: null };
  }
  return redirect(`/letters/templates?saved=${kind}`);
}

export default function EditLetterTemplate() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const body = a?.values?.body ?? d.body;
  return (
    <>
      <BackLink to="/letters/templates">Letter templates</BackLink>
      <ErrorSummary errors={a?.errors ?? undefined} order={["body"]} />
      <span className="govuk-caption-l">Letter template, version {d.version}</span>
      <h1 className="govuk-heading-l">{d.name}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Form method="post" noValidate>
            {/* The version the editor started from, kept across previews: a save over a newer one is refused. */}
            <input type="hidden" name="based_on" value={a?.values?.based_on ?? d.version} />
            {a?.previewed ? <input type="hidden" name="previewed" value={a.previewed} /> : null}
            <Textarea
              key={a?.previewed ?? "start"}
              name="body"
              label="Text of the letter"
              labelSize="m"
              hint="Plain text. Write a field as {{household.lead_name}}: only the fields listed can be used. Preview the letter, then save it."
              rows={24}
              spellCheck
              defaultValue={body}
              error={a?.errors?.body}
            />
            <div className="govuk-button-group">
              <Button secondary name="intent" value="preview">
                Preview
              </Button>
              {a?.preview && a.previewed ? (
                <Button name="intent" value="save">
                  Save template
                </Button>
              ) : null}
            </div>
          </Form>
          {a?.preview ? (
            <>
              <h2 className="govuk-heading-m" id="preview">
                Preview, filled in with a made-up case
              </h2>
              <div className="govuk-body waypoint-letter" data-testid="template-preview">
                {a.preview}
              </div>
            </>
          ) : null}
        </div>
        <div className="govuk-grid-column-one-third">
          <Table
            caption="Fields of this letter"
            captionSize="s"
            rowKey={(f) => f.name}
            rows={d.fields}
            columns={[
              {
                header: "Field",
                cell: (f) => (
                  <>
                    <code className="waypoint-field-name">{`{{${f.name}}}`}</code>
                    {f.required ? (
                      <>
                        <br />
                        <span className="govuk-body-s">Must be in the letter</span>
                      </>
                    ) : null}
                  </>
                ),
              },
              { header: "What it holds", cell: (f) => f.description },
            ]}
          />
        </div>
      </div>
    </>
  );
}
