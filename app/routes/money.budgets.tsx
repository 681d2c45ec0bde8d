import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { parseForm, readForm } from "~/lib/forms.server";
import { formatPence } from "~/features/money/money";
import { listProviders } from "~/features/money/rates.server";
import { financialYearStart } from "~/lib/dates";
import {
  BUDGET_CSV_COLUMNS,
  budgetReport,
  budgetSchema,
  budgetYears,
  parseBudgetCsv,
  saveBudgets,
  yearLabel,
} from "~/features/money/budgets.server";
import { BackLink, Button, ErrorSummary, Input, NotificationBanner, Select, SummaryList, Table, FileUpload } from "~/lib/components/govuk";

export const handle = { title: "Budgets" };

const MAX_BUDGET_FILE_BYTES = 90_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:money");
  const db = await getDb();
  const day = today(request);
  const years = budgetYears(day);
  const current = Number(financialYearStart(day).slice(0, 4));
  const asked = Number(new URL(request.url).searchParams.get("year"));
  const year = years.includes(asked) ? asked : current;
  const lines = await budgetReport(db, day, year);
  const sum = (f: (l: (typeof lines)[number]) => number | null) => lines.reduce((s, l) => s + (f(l) ?? 0), 0);
  return {
    year,
    yearText: yearLabel(year),
    years: years.map((y) => ({ value: String(y), label: yearLabel(y) })),
    types: await db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").orderBy("code").execute(),
    providers: (await listProviders(db)).map((p) => ({ value: String(p.id), label: p.name })),
    lines,
    totals: {
      budget: sum((l) => l.budgetPence),
      toDate: sum((l) => l.toDatePence),
      forecast: sum((l) => l.forecastPence),
      variance: sum((l) => l.variancePence),
    },
    // Server-only values reach the page through the loader.
    budgetColumns: BUDGET_CSV_COLUMNS.join(","),
    canEdit: can(user.role, "edit:rates"),
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

type Problem = { row: number; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:rates");
  const db = await getDb();
  const day = today(request);
  const data = await readForm(request);
  if (data.get("intent") === "import") {
    const refuse = (message: string, problems: Problem[] = []) => ({
      errors: { file: message } as Record<string, string>,
      values: null,
      problems,
    });
    const file = data.get("file");
    if (!file || typeof file === "string" || file.size === 0) return refuse("Select a CSV file of budgets");
    if (file.size > MAX_BUDGET_FILE_BYTES) return refuse("The file must be smaller than 90 KB");
    const providers = new Map((await listProviders(db)).map((p) => [p.name.toLowerCase(), Number(p.id)]));
    const parsed = parseBudgetCsv(await file.text(), providers);
    const many = (n: number) => `${n} ${n === 1 ? "problem" : "problems"}: nothing was saved. Fix them and upload it again`;
    if (!parsed.ok) return refuse(`The file has ${many(parsed.problems.length)}`, parsed.problems.slice(0, 100));
    const r = await saveBudgets(db, user.id, parsed.rows, day);
    if (!r.ok) {
      const problems = r.problems.map((p) => ({ row: p.index + 2, message: p.message }));
      return refuse(`The file has ${many(problems.length)}`, problems.slice(0, 100));
    }
    throw redirect(`/money/budgets?year=${parsed.rows[0].year}&saved=${r.ids.length}`);
  }
  const form = parseForm(data, budgetSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, problems: [] as Problem[] };
  const r = await saveBudgets(db, user.id, [form.data], day);
  if (!r.ok)
    return { errors: Object.fromEntries(r.problems.map((p) => [p.field, p.message])), values: form.values, problems: [] as Problem[] };
  throw redirect(`/money/budgets?year=${form.data.year}&saved=1`);
}

export default function Budgets() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values ?? {};
  const money = (p: number | null) => (p === null ? "Not attributed" : formatPence(p));
  return (
    <>
      <BackLink to="/money">Money</BackLink>
      {d.saved ? <NotificationBanner success>{d.saved === "1" ? "Budget saved." : `${d.saved} budgets saved.`}</NotificationBanner> : null}
      <ErrorSummary errors={a?.errors ?? undefined} order={["file", "year", "taType", "providerId", "costCentre", "amount"]} />
      <h1 className="govuk-heading-l">Budgets, {d.yearText}</h1>
      <p className="govuk-body">
        Each budget is for a financial year and a type of accommodation, or one provider or cost centre of that type. Against it: what the
        council paid from 1 April to last night (the gross cost of occupied nights and the void cost of empty nights paid for), and the
        forecast for the year: that, plus the last 28 nights&apos; cost spread over the nights left to 31 March. Variance is budget less
        forecast: a negative variance is an overspend.
      </p>
      <p className="govuk-body" id="recorded-estimated">
        Recorded: the budgets, rates and nights. Estimated: the forecast. Subsidy is not taken off. Units carry no cost centre, so a cost
        centre&apos;s budget is shown without spend.
      </p>
      <nav aria-label="Financial years">
        <ul className="govuk-list govuk-list--inline">
          {d.years.map((y) => (
            <li key={y.value}>
              {Number(y.value) === d.year ? (
                <strong>{y.label}</strong>
              ) : (
                <Link className="govuk-link" to={`?year=${y.value}`}>
                  {y.label}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <SummaryList
        rows={[
          { key: "Budget", value: formatPence(d.totals.budget) },
          { key: "Paid to date", value: formatPence(d.totals.toDate) },
          { key: "Forecast for the year", value: formatPence(d.totals.forecast) },
          { key: "Variance (budget less forecast)", value: formatPence(d.totals.variance) },
        ]}
      />
      <Table
        caption={`Budget against spend and forecast, ${d.yearText}`}
        rowKey={(l) => l.id}
        rows={d.lines}
        empty="No budgets for this year."
        columns={[
          { header: "Type", cell: (l) => l.taTypeName },
          { header: "Provider or cost centre", cell: (l) => l.providerName ?? (l.costCentre ? `Cost centre ${l.costCentre}` : "All") },
          { header: "Budget", cell: (l) => formatPence(l.budgetPence), numeric: true },
          { header: "Paid to date", cell: (l) => money(l.toDatePence), numeric: true },
          { header: "Forecast", cell: (l) => money(l.forecastPence), numeric: true },
          {
            header: "Variance",
            cell: (l) =>
              l.variancePence !== null && l.variancePence < 0 ? <strong>{formatPence(l.variancePence)}</strong> : money(l.variancePence),
            numeric: true,
          },
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`/money/budgets.csv?year=${d.year}`} download>
          Download budget against spend and forecast, {d.yearText} (CSV)
        </a>
      </p>
      {d.canEdit ? (
        <>
          <Form method="post" noValidate id="budget-form" className="govuk-!-margin-bottom-9">
            <h2 className="govuk-heading-m">Set a budget</h2>
            <Select name="year" label="Financial year" options={d.years} defaultValue={v.year ?? String(d.year)} error={a?.errors?.year} />
            <Select
              name="taType"
              label="Type of accommodation"
              options={[{ value: "", label: "Select a type" }, ...d.types.map((t) => ({ value: t.code, label: t.name }))]}
              defaultValue={v.taType ?? ""}
              error={a?.errors?.taType}
            />
            <Select
              name="providerId"
              label="Provider (optional)"
              hint="Leave as all providers for a budget for the whole type"
              options={[{ value: "", label: "All providers" }, ...d.providers]}
              defaultValue={v.providerId ?? ""}
              error={a?.errors?.providerId}
            />
            <Input name="costCentre" label="Cost centre (optional)" width="10" defaultValue={v.costCentre} error={a?.errors?.costCentre} />
            <Input
              name="amount"
              label="Budget for the year"
              prefix="£"
              width="10"
              inputMode="decimal"
              hint="In pounds, like 1,250,000.00"
              defaultValue={v.amount}
              error={a?.errors?.amount}
            />
            <Button>Save the budget</Button>
          </Form>
          <Form method="post" encType="multipart/form-data" noValidate id="budget-import">
            <h2 className="govuk-heading-m">Import budgets from a CSV file</h2>
            <input type="hidden" name="intent" value="import" />
            <FileUpload
              name="file"
              label="CSV file of budgets"
              hint={
                <>
                  First row: {d.budgetColumns}. financial_year is the year it starts (2026 or 2026-27); ta_type a type code; provider a
                  provider&apos;s name or blank; cost_centre or blank; amount in pounds. Nothing is saved if any row has a problem.
                </>
              }
              error={a?.errors?.file}
            />
            {a?.problems?.length ? (
              <Table<Problem>
                caption="Problems in the file"
                rowKey={(p) => `${p.row}-${p.message}`}
                rows={a.problems as Problem[]}
                columns={[
                  { header: "Row", cell: (p) => p.row, numeric: true },
                  { header: "Problem", cell: (p) => p.message },
                ]}
              />
            ) : null}
            <Button>Import the file</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
