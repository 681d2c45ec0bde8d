import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { allDistricts, districtSchema, saveDistrict } from "~/features/admin/districts.server";
import {
  DISTRICTS_SOURCE,
  MAX_DISTRICT_FILE_BYTES,
  describeLoad,
  describeRefusal,
  loadDistricts,
  parseDistrictFile,
  type DistrictFileProblem,
} from "~/features/admin/districts-file.server";
import { Button, ErrorSummary, Input, NotificationBanner, Table, Textarea, FileUpload } from "~/lib/components/govuk";

export const handle = { title: "Districts" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:reference");
  // Server-only values reach the page through the loader.
  return { districts: await allDistricts(await getDb()), source: DISTRICTS_SOURCE };
}

type ActionData = {
  errors: Record<string, string> | null;
  values: Record<string, string> | null;
  saved: string | null;
  loaded?: { counts: string; notInFile: number };
  problems?: DistrictFileProblem[];
};

export async function action({ request }: ActionFunctionArgs): Promise<ActionData> {
  const user = await requireUser(request, "manage:reference");
  const data = await readForm(request);
  if (data.get("intent") === "upload") {
    const refuse = (message: string, problems: DistrictFileProblem[] = []): ActionData => ({
      errors: { file: message },
      values: null,
      saved: null,
      problems,
    });
    const file = data.get("file");
    if (!file || typeof file === "string" || (file.size === 0 && file.name === "")) return refuse("Select the ONS file of districts");
    if (file.size > MAX_DISTRICT_FILE_BYTES) return refuse("The file must be smaller than 90 KB. Nothing was saved");
    const parsed = parseDistrictFile(new Uint8Array(await file.arrayBuffer()));
    if (!parsed.ok) return refuse(describeRefusal(parsed.problems), parsed.problems.length > 1 ? parsed.problems.slice(0, 100) : []);
    const counts = await loadDistricts(await getDb(), user.id, parsed, file.name || "upload");
    return { errors: null, values: null, saved: null, loaded: { counts: describeLoad(counts), notInFile: counts.notInFile } };
  }
  const form = parseForm(data, districtSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, saved: null };
  await saveDistrict(await getDb(), user.id, form.data);
  return { errors: null, values: null, saved: `${form.data.name} (${form.data.gss})` };
}

export default function Districts() {
  const { districts, source } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      {data?.saved ? <NotificationBanner success>Saved {data.saved}.</NotificationBanner> : null}
      {data?.loaded ? (
        <NotificationBanner success heading={`Districts loaded: ${data.loaded.counts}.`}>
          {data.loaded.notInFile ? (
            <p className="govuk-body">
              {data.loaded.notInFile} {data.loaded.notInFile === 1 ? "district is" : "districts are"} in the register but not in the file:
              kept as {data.loaded.notInFile === 1 ? "it is" : "they are"}.
            </p>
          ) : null}
        </NotificationBanner>
      ) : null}
      <ErrorSummary errors={data?.errors ?? undefined} order={["file", "gss", "name", "council", "notice_address", "notice_email"]} />
      <h1 className="govuk-heading-l">Districts</h1>
      <p className="govuk-body">
        The districts your council places households in, by name, with the council that receives a notice of an out-of-district placement
        (section 208, Housing Act 1996) and where the notice goes. Units, find a unit and the notice show these names; a district not listed
        shows its GSS code.
      </p>
      <Table
        caption="Districts"
        rowKey={(d) => d.gss}
        rows={districts}
        empty="No district named yet."
        columns={[
          { header: "GSS code", cell: (d) => <code>{d.gss}</code> },
          { header: "Name", cell: (d) => d.name },
          { header: "Council", cell: (d) => d.council || "Not recorded" },
          { header: "Notices go to", cell: (d) => [d.noticeAddress, d.noticeEmail].filter(Boolean).join("; ") || "Not recorded" },
        ]}
      />
      <Form method="post" encType="multipart/form-data" noValidate id="districts-upload" className="govuk-!-margin-bottom-9">
        <h2 className="govuk-heading-m">Upload the ONS list of districts</h2>
        <p className="govuk-body">
          The {source.publisher} publishes the names and GSS codes of local authority districts on its {source.portal} as &ldquo;
          {source.title}&rdquo;, under the {source.licence}. Download it as CSV and upload it here as it is. Waypoint cannot reach the
          internet, so it does not ship the list: a code typed from memory could name the wrong district.
        </p>
        <p className="govuk-body">
          English districts (codes starting E06, E07, E08 or E09) are added, and a changed name is renamed. The council and where its
          notices go are kept as you entered them, and no district is removed. Welsh, Scottish and Northern Irish districts are skipped. If
          any row has a problem, nothing is saved.
        </p>
        <input type="hidden" name="intent" value="upload" />
        <FileUpload
          name="file"
          label="CSV file of district names and codes"
          hint="First row: the ONS columns, such as LAD24CD,LAD24NM,LAD24NMW (any year), or gss,name. Smaller than 90 KB."
          error={data?.errors?.file}
        />
        {data?.problems?.length ? (
          <Table<DistrictFileProblem>
            caption="Problems in the file"
            rowKey={(p) => `${p.row}-${p.message}`}
            rows={data.problems}
            columns={[
              { header: "Row", cell: (p) => p.row ?? "Whole file", numeric: true },
              { header: "Problem", cell: (p) => p.message },
            ]}
          />
        ) : null}
        <Button>Upload the file</Button>
      </Form>
      <h2 className="govuk-heading-m">Add a district or change one</h2>
      <Form method="post" noValidate>
        <Input
          name="gss"
          label="GSS code"
          hint="For example, E08000011. An existing code changes that district; a new code adds one."
          width="10"
          defaultValue={data?.values?.gss}
          error={data?.errors?.gss}
        />
        <Input name="name" label="Name" defaultValue={data?.values?.name} error={data?.errors?.name} />
        <Input
          name="council"
          label="Council"
          hint="The housing authority that receives the notice"
          defaultValue={data?.values?.council}
          error={data?.errors?.council}
        />
        <Textarea
          name="notice_address"
          label="Address for notices"
          rows={3}
          defaultValue={data?.values?.notice_address}
          error={data?.errors?.notice_address}
        />
        <Input
          name="notice_email"
          label="Email for notices (optional)"
          type="email"
          autoComplete="off"
          defaultValue={data?.values?.notice_email}
          error={data?.errors?.notice_email}
        />
        <Button>Save</Button>
      </Form>
    </>
  );
}
