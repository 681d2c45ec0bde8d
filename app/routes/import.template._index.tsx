import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { BackLink, Table } from "~/lib/components/govuk";
import { describeFormat, IMPORT_FILE_KINDS, IMPORT_TEMPLATE, TEMPLATE_VERSION } from "~/features/import/template";
import { taTypeCodes } from "~/features/import/import.server";

export const handle = { title: "The import template" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "import:data");
  const taTypes = await taTypeCodes(await getDb());
  // Rendered from the same definition the importer checks against.
  return {
    version: TEMPLATE_VERSION,
    files: IMPORT_FILE_KINDS.map((k) => {
      const f = IMPORT_TEMPLATE[k];
      return {
        fileName: f.fileName,
        description: f.description,
        columns: f.columns.map((c) => ({
          name: c.name,
          required: c.required,
          format: describeFormat(c.format, taTypes),
          description: c.description,
          example: c.example,
          blankMeans: c.blankMeans ?? null,
        })),
      };
    }),
  };
}

export default function Template() {
  const { version, files } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/import">Import data</BackLink>
      <h1 className="govuk-heading-l">The import template, version {version}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Save each file as <strong>CSV UTF-8 (Comma delimited)</strong> with a header row naming its columns. Columns can be in any
            order; optional columns can be left out.
          </p>
          <ul className="govuk-list govuk-list--bullet">
            <li>Dates as 2026-01-05 or 05/01/2026 (day first).</li>
            <li>Money as pounds and pence: 57.00, £57 or £1,234.50.</li>
            <li>Yes or no as yes, no, y, n, true or false.</li>
            <li>
              A placement covers the nights from start_date up to but not including end_date. A household moving unit leaves one on the day
              it arrives at the next.
            </li>
          </ul>
          <p className="govuk-body">The full rules are in the project's documentation, docs/import-template.md.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/import">
              Upload files
            </Link>
          </p>
        </div>
      </div>
      {files.map((f) => (
        <section key={f.fileName}>
          <h2 className="govuk-heading-m" id={f.fileName.replace(".", "-")}>
            {f.fileName}
          </h2>
          <p className="govuk-body">
            {f.description}{" "}
            <a className="govuk-link" href={`/import/template/${f.fileName}`} download>
              Download a blank {f.fileName}
            </a>
          </p>
          <Table
            caption={`Columns of ${f.fileName}`}
            captionSize="s"
            rowKey={(c) => c.name}
            rows={f.columns}
            columns={[
              { header: "Column", cell: (c) => <code>{c.name}</code> },
              { header: "Required", cell: (c) => (c.required ? "Required" : "Optional") },
              { header: "Format", cell: (c) => c.format },
              { header: "Example", cell: (c) => c.example },
              {
                header: "Notes",
                cell: (c) => (
                  <>
                    {c.description}
                    {c.blankMeans ? ` Blank: ${c.blankMeans}.` : ""}
                  </>
                ),
              },
            ]}
          />
        </section>
      ))}
    </>
  );
}
