import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { Button, ErrorSummary, FileUpload } from "~/lib/components/govuk";
import { IMPORT_FILE_KINDS, IMPORT_TEMPLATE } from "~/features/import/template";
import { receiveUpload } from "~/features/import/import-form.server";

export const handle = { title: "Import data" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "import:data");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "import:data");
  const received = await receiveUpload(await getDb(), request, user.id, today(request), unstable_parseMultipartFormData);
  if (!received.ok) return { errors: { files: received.error } };
  throw redirect(`/import/${received.id}`);
}

export default function Import() {
  const data = useActionData<typeof action>();
  const error = data?.errors.files;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={data?.errors} />
        <h1 className="govuk-heading-l">Import data</h1>
        <p className="govuk-body">
          Bring your records into Waypoint from spreadsheets: providers, units and their nightly rates, households and their members, and
          placements. Save each as a CSV file in the import template.
        </p>
        <p className="govuk-body">
          Every row is checked first and nothing is saved until you confirm. The import is all or nothing, and importing the same files
          again changes nothing.
        </p>

        <h2 className="govuk-heading-m">1. Get the template</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/import/template">
            Read how to fill in the import template
          </Link>{" "}
          (columns, formats and rules).
        </p>
        <p className="govuk-body">Download a blank file (the header row only) for each kind of record:</p>
        <ul className="govuk-list govuk-list--bullet">
          {IMPORT_FILE_KINDS.map((k) => (
            <li key={k}>
              <a className="govuk-link" href={`/import/template/${IMPORT_TEMPLATE[k].fileName}`} download>
                {IMPORT_TEMPLATE[k].fileName}
              </a>
            </li>
          ))}
        </ul>

        <h2 className="govuk-heading-m">2. Upload your files</h2>
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileUpload
            name="files"
            label="Upload CSV files"
            hint="Select one or more of providers.csv, units.csv, unit_rates.csv, households.csv, members.csv and placements.csv. Up to 50 MB in total."
            error={error}
            labelSize="s"
            multiple
          />
          <Button>Check the files</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/exports">
            Download your data as CSV
          </Link>
        </p>
      </div>
    </div>
  );
}
