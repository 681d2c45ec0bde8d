import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { can } from "~/lib/permissions";
import { formatPence, penceToPounds2dp } from "~/features/money/money";
import { getLha, importLha, LHA_CSV_COLUMNS, lhaSchema, parseLhaCsv, saveLha, type LhaCsvProblem } from "~/features/money/lha.server";
import { LHA_CATEGORIES, choicesOf } from "~/lib/vocabulary";
import { BackLink, Button, ErrorSummary, Input, NotificationBanner, Radios, Table, Tag, FileUpload } from "~/lib/components/govuk";

export const handle = { title: "Local housing allowance rates, January 2011" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const { brmas, table } = await getLha(await getDb());
  const edit = new URL(request.url).searchParams.get("edit");
  return {
    brmas,
    table,
    canEdit: can(user.role, "manage:reference"),
    edit: brmas.find((b) => b.name === edit) ?? null,
    // Server-only values reach the page through the loader.
    lhaColumns: LHA_CSV_COLUMNS.join(","),
  };
}

/** An LHA file is a table of a few hundred areas at most. */
const MAX_LHA_FILE_BYTES = 90_000;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:reference");
  const data = await readForm(request);
  if (data.get("intent") === "import") {
    const file = data.get("file");
    const refuse = (message: string, problems: LhaCsvProblem[] = []) => ({
      errors: { file: message } as Record<string, string>,
      values: null,
      saved: null,
      problems,
    });
    if (!file || typeof file === "string" || file.size === 0) return refuse("Select a CSV file of LHA figures");
    if (file.size > MAX_LHA_FILE_BYTES) return refuse("The file must be smaller than 90 KB");
    const parsed = parseLhaCsv(await file.text());
    if (!parsed.ok)
      return refuse(
        `The file has ${parsed.problems.length} ${parsed.problems.length === 1 ? "problem" : "problems"}: nothing was saved. Fix them and upload it again`,
        parsed.problems.slice(0, 100),
      );
    await importLha(await getDb(), user.id, parsed.rows);
    return {
      errors: null,
      values: null,
      saved: `${parsed.rows.length} ${parsed.rows.length === 1 ? "area" : "areas"} from the file`,
      problems: [],
    };
  }
  const form = parseForm(data, lhaSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, saved: null, problems: [] };
  await saveLha(await getDb(), user.id, form.data);
  return { errors: null, values: null, saved: form.data.brma, problems: [] };
}

export default function Lha() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const rates = d.edit ? (d.table[d.edit.name] ?? {}) : {};
  const v: Record<string, string> =
    a?.values ??
    (d.edit
      ? {
          brma: d.edit.name,
          inLondon: d.edit.in_london ? "yes" : "no",
          published: d.edit.illustrative ? "no" : "yes",
          ...Object.fromEntries(
            choicesOf(LHA_CATEGORIES).map((c) => [c.value, rates[c.value] === undefined ? "" : penceToPounds2dp(rates[c.value]!)]),
          ),
        }
      : {});
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      {a?.saved ? <NotificationBanner success>Saved the rates for {a.saved}.</NotificationBanner> : null}
      <ErrorSummary
        errors={a?.errors ?? undefined}
        order={["file", "brma", "inLondon", "illustrative", ...choicesOf(LHA_CATEGORIES).map((c) => c.value)]}
      />
      <h1 className="govuk-heading-l">Local housing allowance rates, January 2011</h1>
      <p className="govuk-body">
        Housing benefit subsidy for temporary accommodation is frozen at the January 2011 local housing allowance (LHA) rates. Waypoint
        estimates subsidy from this table: bed and breakfast and other accommodation that is not self-contained at the one-bedroom rate;
        self-contained accommodation at 90% of the rate for its size, at most £500 a week in London and £375 elsewhere.
      </p>
      <p className="govuk-body">
        Waypoint cannot reach the internet, so it does not ship the published table. Figures marked illustrative are examples for the
        demonstration, not the published rates: an administrator should replace them with the published January 2011 figures for the
        council's areas.
      </p>
      <p className="govuk-body">
        Recorded: the figures in this table, as entered or imported. Estimated: the subsidy Waypoint works out from them on the money pages.
      </p>
      <Table
        caption="Weekly rates per broad rental market area"
        rowKey={(b) => b.name}
        rows={d.brmas}
        empty="No areas yet."
        columns={[
          {
            header: "Area",
            cell: (b) => (
              <>
                {b.name} {b.illustrative ? <Tag colour="yellow">Illustrative</Tag> : <Tag colour="green">Published</Tag>}
                {b.in_london ? (
                  <>
                    {" "}
                    <Tag>London</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          ...choicesOf(LHA_CATEGORIES).map((c) => ({
            header: c.label,
            numeric: true,
            cell: (b: (typeof d.brmas)[number]) => {
              const r = d.table[b.name]?.[c.value];
              return r === undefined ? "Not set" : formatPence(r);
            },
          })),
          ...(d.canEdit
            ? [
                {
                  header: <span className="govuk-visually-hidden">Action</span>,
                  cell: (b: (typeof d.brmas)[number]) => (
                    <a className="govuk-link" href={`?edit=${encodeURIComponent(b.name)}#lha-form`}>
                      Change<span className="govuk-visually-hidden"> {b.name}</span>
                    </a>
                  ),
                },
              ]
            : []),
        ]}
      />
      {d.canEdit ? (
        <Form method="post" encType="multipart/form-data" noValidate id="lha-import" className="govuk-!-margin-bottom-9">
          <h2 className="govuk-heading-m">Import the published figures from a CSV file</h2>
          <input type="hidden" name="intent" value="import" />
          <FileUpload
            name="file"
            label="CSV file of January 2011 LHA figures"
            hint={
              <>
                First row: {d.lhaColumns}. One row per broad rental market area; in_london is yes or no; weekly rates in pounds, blank when
                not known. Each area in the file is saved as the published figures, replacing what it had; nothing is saved if any row has a
                problem.
              </>
            }
            error={a?.errors?.file}
          />
          {a?.problems?.length ? (
            <Table<LhaCsvProblem>
              caption="Problems in the file"
              rowKey={(p) => `${p.row}-${p.message}`}
              rows={a.problems as LhaCsvProblem[]}
              columns={[
                { header: "Row", cell: (p) => p.row, numeric: true },
                { header: "Problem", cell: (p) => p.message },
              ]}
            />
          ) : null}
          <Button>Import the file</Button>
        </Form>
      ) : null}
      {d.canEdit ? (
        <Form method="post" noValidate id="lha-form">
          <h2 className="govuk-heading-m">{d.edit ? `Change ${d.edit.name}` : "Add an area, or change one"}</h2>
          <Input
            name="brma"
            label="Broad rental market area"
            hint="As written on the unit's property. An existing name changes that area."
            defaultValue={v.brma}
            error={a?.errors?.brma}
          />
          <Radios
            name="inLondon"
            legend="Is the area in London?"
            hint="Self-contained accommodation in London is capped at £500 a week, elsewhere at £375"
            inline
            defaultValue={v.inLondon}
            error={a?.errors?.inLondon}
            choices={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
          <Radios
            name="illustrative"
            legend="Are these the published January 2011 figures?"
            inline
            defaultValue={v.illustrative ?? (v.published === "yes" ? "yes" : v.published === "no" ? "no" : undefined)}
            error={a?.errors?.illustrative}
            choices={[
              { value: "yes", label: "Yes, published" },
              { value: "no", label: "No, illustrative" },
            ]}
          />
          {choicesOf(LHA_CATEGORIES).map((c) => (
            <Input
              key={c.value}
              name={c.value}
              label={`${c.label}, a week`}
              prefix="£"
              width="10"
              inputMode="decimal"
              hint={c.value === "shared" ? "Leave blank if not known" : undefined}
              defaultValue={v[c.value]}
              error={a?.errors?.[c.value]}
            />
          ))}
          <Button>Save the rates</Button>
        </Form>
      ) : null}
    </>
  );
}
