import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { BackLink, Button, NotificationBanner, Pagination, Table, WarningText } from "~/lib/components/govuk";
import { getUpload, startImport } from "~/features/import/import-uploads.server";
import { importPageView } from "~/features/import/import-view.server";

const TITLES = {
  checking: "Checking your files",
  importing: "Importing your files",
  checked_ok: "Check the import",
  checked_problems: "Your files have problems",
  imported: "Import complete",
  failed: "The import did not finish",
} as const;

export const handle = { title: (data: { state: keyof typeof TITLES } | undefined) => (data ? TITLES[data.state] : "Import") };

// No <meta http-equiv="refresh">: a timed refresh fails WCAG 2.2.1 (Timing Adjustable).
// Without JavaScript the "Check progress" link reloads the page; with it, the page
// checks again every 3 seconds while the job runs.
const POLL_MS = 3000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "import:data");
  const upload = await getUpload(await getDb(), params.id ?? "", user.id, new URL(request.url).searchParams.get("page"));
  if (!upload) throw new Response("This upload does not exist or has expired. Upload the files again.", { status: 404 });
  return importPageView(upload);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "import:data");
  const db = await getDb();
  const started = await startImport(db, params.id ?? "", user.id, today(request));
  if (!started) {
    // Already importing or imported (a second press of the button, or the page sent
    // again): nothing to say but where it stands.
    const upload = await getUpload(db, params.id ?? "", user.id);
    if (upload && (upload.status === "importing" || upload.status === "imported")) throw redirect(`/import/${params.id}`);
    return {
      error: "These files cannot be imported now: they have problems or have expired. Upload them again.",
    };
  }
  // The import runs on; the page shows its progress.
  void started.job;
  throw redirect(`/import/${params.id}`);
}

export default function ImportUpload() {
  const v = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!v.running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [v.running, revalidator]);
  const countsTable = v.counts ? (
    <Table
      caption="What the import does"
      captionSize="m"
      rowKey={(r) => r.file}
      rows={v.counts}
      columns={[
        { header: "File", cell: (r) => r.file },
        { header: "Rows", cell: (r) => r.rows.toLocaleString("en-GB"), numeric: true },
        { header: v.state === "imported" ? "Added" : "To add", cell: (r) => r.added.toLocaleString("en-GB"), numeric: true },
        { header: v.state === "imported" ? "Updated" : "To update", cell: (r) => r.updated.toLocaleString("en-GB"), numeric: true },
        { header: "Already in Waypoint, unchanged", cell: (r) => r.unchanged.toLocaleString("en-GB"), numeric: true },
      ]}
    />
  ) : null;
  const problemsTable = (caption: string) => (
    <>
      <Table
        caption={caption}
        captionSize="m"
        rowKey={(_, i) => i}
        rows={v.problems}
        columns={[
          { header: "File", cell: (p) => p.file },
          { header: "Row", cell: (p) => (p.row === null ? "Whole file" : p.row), numeric: true },
          { header: "Column", cell: (p) => p.column ?? "" },
          { header: "Value", cell: (p) => p.value ?? "" },
          { header: "Problem", cell: (p) => p.message },
        ]}
      />
      <Pagination page={v.page} pages={v.pages} href={(p) => `?page=${p}`} />
    </>
  );

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink to="/import">Import data</BackLink>
        {actionData?.error && !v.running && v.state !== "imported" ? (
          <NotificationBanner title="Important">
            <p className="govuk-notification-banner__heading">{actionData.error}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">{TITLES[v.state]}</h1>

        {v.running ? (
          <>
            <div role="status" aria-live="polite">
              <p className="govuk-body">{v.phase || "Waiting to start"}.</p>
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="import-progress">
                  Files read: {v.percent}%
                </label>
                <progress id="import-progress" max={100} value={v.percent}>
                  {v.percent}%
                </progress>
              </div>
              <p className="govuk-body">{v.readText}.</p>
            </div>
            <p className="govuk-body">
              {v.state === "checking" ? "Nothing is saved until you confirm. " : ""}You can leave this page and come back: the work carries
              on.
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/import/${v.id}`}>
                Check progress
              </a>
            </p>
          </>
        ) : null}

        {v.state === "checked_problems" ? (
          <>
            <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
              <div role="alert">
                <h2 className="govuk-error-summary__title">There is a problem</h2>
                <div className="govuk-error-summary__body">
                  <p className="govuk-body">{v.errorsText}. Nothing has been imported. Correct the files and upload them again.</p>
                  <ul className="govuk-list govuk-error-summary__list">
                    <li>
                      <a href="#problems">See every problem, with its file, row and column</a>
                    </li>
                  </ul>
                </div>
              </div>
            </div>
            <Table
              caption="Files"
              captionSize="m"
              rowKey={(r) => r.file}
              rows={v.files}
              columns={[
                { header: "File", cell: (f) => f.file },
                { header: "Rows read", cell: (f) => f.rowsRead.toLocaleString("en-GB"), numeric: true },
                { header: "Errors", cell: (f) => f.errors.toLocaleString("en-GB"), numeric: true },
                { header: "Warnings", cell: (f) => f.warnings.toLocaleString("en-GB"), numeric: true },
              ]}
            />
            {v.omitted > 0 ? (
              <p className="govuk-body">
                {v.omitted.toLocaleString("en-GB")} more problems are counted but not listed (up to 1,000 are listed for each file).
              </p>
            ) : null}
            <div id="problems">{problemsTable(`Problems (${v.total.toLocaleString("en-GB")})`)}</div>
            <p className="govuk-body">
              <Link className="govuk-link" to="/import">
                Upload corrected files
              </Link>
            </p>
          </>
        ) : null}

        {v.state === "checked_ok" ? (
          <>
            <p className="govuk-body">
              Every row of {v.rows.toLocaleString("en-GB")} was checked{v.warnings ? `, with ${v.warningsText}` : " and has no problems"}.
              Nothing has been saved yet.
            </p>
            {countsTable}
            {v.total > 0 ? problemsTable("Warnings (these do not stop the import)") : null}
            <WarningText>The import is all or nothing: every file is saved together, or none of it is.</WarningText>
            <Form method="post">
              <div className="govuk-button-group">
                <Button>Import</Button>
                <Link className="govuk-link" to="/import">
                  Cancel
                </Link>
              </div>
            </Form>
          </>
        ) : null}

        {v.state === "imported" ? (
          <>
            <NotificationBanner success title="Success">
              <p className="govuk-notification-banner__heading">{v.rows.toLocaleString("en-GB")} rows imported.</p>
            </NotificationBanner>
            {countsTable}
            <p className="govuk-body">
              <Link className="govuk-link" to="/households">
                View households
              </Link>
            </p>
          </>
        ) : null}

        {v.state === "failed" ? (
          <>
            <p className="govuk-body">{v.message}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/import">
                Upload the files again
              </Link>
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}
