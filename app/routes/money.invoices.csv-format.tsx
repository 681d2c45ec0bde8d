import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { BackLink, Table } from "~/lib/components/govuk";

export const handle = { title: "Invoice lines CSV" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  return null;
}

const COLUMNS = [
  { name: "unit_ref", required: "Yes", meaning: "The unit's reference in Waypoint (any case)", example: "NP-00042" },
  { name: "household_ref", required: "No", meaning: "The household's case reference as the provider knows it", example: "HL-2026-0142" },
  { name: "first_night", required: "Yes", meaning: "The first night billed: YYYY-MM-DD or DD/MM/YYYY", example: "2026-10-01" },
  { name: "last_night", required: "Yes", meaning: "The last night billed, included", example: "2026-10-31" },
  {
    name: "amount",
    required: "Yes",
    meaning: "The line's amount in pounds and pence: none or exactly 2 digits of pence, not negative",
    example: "2170.00",
  },
];

export default function CsvFormat() {
  return (
    <>
      <BackLink to="/money/invoices/new">Add an invoice</BackLink>
      <h1 className="govuk-heading-l">Invoice lines CSV</h1>
      <p className="govuk-body">
        A comma-separated file in UTF-8 with one header row and one row per invoice line. The columns may come in any order. Every problem
        is listed with its row number (the header is row 1); a file with any problem is refused whole and nothing is saved.
      </p>
      <Table
        caption="Columns"
        rowKey={(c) => c.name}
        rows={COLUMNS}
        columns={[
          { header: "Column", cell: (c) => <code>{c.name}</code> },
          { header: "Required", cell: (c) => c.required },
          { header: "Meaning", cell: (c) => c.meaning },
          { header: "Example", cell: (c) => <code>{c.example}</code> },
        ]}
      />
    </>
  );
}
