import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { createInvoice, invoiceHeaderSchema } from "~/features/invoices/invoices.server";
import { listProviders, withDate } from "~/features/money/rates.server";
import { MAX_INVOICE_FILE_BYTES, parseInvoiceCsv, type CsvProblem } from "~/features/invoices/invoice-csv";
import { BackLink, Button, DateInput, ErrorSummary, Input, Select, FileUpload } from "~/lib/components/govuk";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: "Add an invoice" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "edit:invoices");
  return { providers: await listProviders(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:invoices");
  const data = await readForm(request);
  const form = parseForm(data, invoiceHeaderSchema, (v) => withDate(v, "receivedOn"));
  const file = data.get("file");
  let problems: CsvProblem[] = [];
  let lines: Exclude<ReturnType<typeof parseInvoiceCsv>, { ok: false }>["lines"] = [];
  const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_INVOICE_FILE_BYTES) errors.file = "The file must be smaller than 5 MB";
    else {
      const parsed = parseInvoiceCsv(await file.text());
      if (parsed.ok) lines = parsed.lines;
      else {
        problems = parsed.problems.slice(0, 100);
        errors.file = `The file has ${parsed.problems.length} ${parsed.problems.length === 1 ? "problem" : "problems"}: nothing was saved. Fix them and upload it again`;
      }
    }
  }
  if (!form.ok || Object.keys(errors).length) return { errors, values: form.values, problems };
  let id: number;
  try {
    id = await createInvoice(await getDb(), user.id, { ...form.data, lines });
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values, problems };
  }
  throw redirect(`/money/invoices/${id}`);
}

export default function NewInvoice() {
  const { providers } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/money/invoices">Provider invoices</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={["providerId", "invoiceRef", "receivedOn", "file"]} />
        <h1 className="govuk-heading-l">Add an invoice</h1>
        <Form method="post" encType="multipart/form-data" noValidate>
          <Select
            name="providerId"
            label="Provider"
            defaultValue={v.providerId}
            error={a?.errors.providerId}
            options={[{ value: "", label: "Select the provider" }, ...providers.map((p) => ({ value: String(p.id), label: p.name }))]}
          />
          <Input name="invoiceRef" label="Invoice reference" width="20" defaultValue={v.invoiceRef} error={a?.errors.invoiceRef} />
          <DateInput
            name="receivedOn"
            legend="Date the invoice was received"
            hint="For example, 3 11 2026"
            error={a?.errors.receivedOn}
            value={{ day: v["receivedOn-day"] ?? "", month: v["receivedOn-month"] ?? "", year: v["receivedOn-year"] ?? "" }}
          />
          <FileUpload
            name="file"
            label="Invoice lines as a CSV file (optional)"
            hint={
              <>
                Columns unit_ref, household_ref, first_night, last_night, amount.{" "}
                <Link className="govuk-link" to="/money/invoices/csv-format">
                  How to lay out the file
                </Link>
                . Or leave this empty and add the lines one by one.
              </>
            }
            error={a?.errors.file}
          />
          {a?.problems?.length ? (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Problems in the file</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Row
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Column
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Problem
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {a.problems.map((p, i) => (
                  <tr key={i} className="govuk-table__row">
                    <td className="govuk-table__cell">{p.row}</td>
                    <td className="govuk-table__cell">{p.column ?? ""}</td>
                    <td className="govuk-table__cell">{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <Button>Save and check the invoice</Button>
        </Form>
      </div>
    </div>
  );
}
