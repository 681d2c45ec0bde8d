import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { idParam } from "~/lib/forms.server";
import { formatPence } from "~/features/money/money";
import { listProviders } from "~/features/money/rates.server";
import { HISTORY_MONTHS, providerRateHistory } from "~/features/money/rate-history.server";
import { BackLink, Button, Select, Table } from "~/lib/components/govuk";
import { LineChart, type Series } from "~/lib/components/charts";

export const handle = { title: "A provider's rate history" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "view:money");
  const db = await getDb();
  const asked = idParam.safeParse(new URL(request.url).searchParams.get("provider") ?? "");
  const providers = await listProviders(db);
  const provider = asked.success ? providers.find((p) => p.id === asked.data) : undefined;
  if (asked.success && !provider) throw new Response("Not Found", { status: 404 });
  const points = provider ? await providerRateHistory(db, provider.id, today(request)) : [];
  return {
    providers: providers.map((p) => ({ value: String(p.id), label: p.name })),
    provider: provider ?? null,
    points,
    months: HISTORY_MONTHS,
  };
}

const monthLabel = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

export default function RateHistory() {
  const d = useLoaderData<typeof loader>();
  const names = [...new Set(d.points.filter((p) => p.taType !== null).map((p) => p.taType as string))];
  const months = [...new Set(d.points.map((p) => p.month))];
  const series: Series[] = [
    ...(names.length > 1 ? [{ name: "All its units", type: null as string | null }] : []),
    ...names.map((n) => ({ name: n, type: n as string | null })),
  ].map((s) => ({
    name: s.name,
    points: months.map((m) => {
      const p = d.points.find((x) => x.month === m && x.taType === s.type);
      return { x: monthLabel(m), y: p ? p.nightlyPence / 100 : null };
    }),
  }));
  const latest = d.points.filter((p) => p.month === months[months.length - 1]);
  const chart = {
    title: `${d.provider?.name ?? ""}: average rate a night, first night of each month`,
    description: `Lines of ${d.provider?.name ?? ""}'s average rate a night for its units in use, ${names.length > 1 ? "for all its units and for each type of accommodation" : "for its units"}, on the first night of each month. The numbers are in the table below the chart.`,
    series,
    yLabel: "£ a night",
    format: (v: number) => `£${v.toLocaleString("en-GB", { maximumFractionDigits: 0 })}`,
    note: "A weekly rate counts as a seventh of it a night.",
  };
  return (
    <>
      <BackLink to="/money/rates">Rates and charges</BackLink>
      <h1 className="govuk-heading-l">{d.provider ? `Rate history: ${d.provider.name}` : "A provider's rate history"}</h1>
      <p className="govuk-body">
        What a provider charged, month by month over up to {d.months} months: the average rate of its units in use with a rate on the first
        night of each month, as pounds a night. Recorded rates, nothing estimated. Compare it with the market on{" "}
        <Link className="govuk-link" to="/money/rates/market">
          rates above the market
        </Link>
        .
      </p>
      <Form method="get" className="govuk-!-margin-bottom-6">
        <Select name="provider" label="Provider" options={d.providers} defaultValue={d.provider ? String(d.provider.id) : null} />
        <Button secondary>Show the rate history</Button>
      </Form>
      {d.provider ? (
        d.points.length === 0 ? (
          <p className="govuk-body">No unit of this provider had a rate in force on the first night of a month in this time.</p>
        ) : (
          <>
            <div className="waypoint-chart-wide">
              <LineChart id="rate-history" {...chart} />
            </div>
            <div className="waypoint-chart-narrow">
              <LineChart id="rate-history-narrow" compact {...chart} />
            </div>
            <Table
              caption={`${monthLabel(months[months.length - 1])}: the latest month`}
              captionSize="s"
              rowKey={(p) => p.taType ?? "all"}
              rows={latest}
              columns={[
                { header: "Type", cell: (p) => p.taType ?? "All its units" },
                { header: "Units with a rate", cell: (p) => p.units.toLocaleString("en-GB"), numeric: true },
                { header: "Average a night", cell: (p) => formatPence(p.nightlyPence), numeric: true },
              ]}
            />
          </>
        )
      ) : null}
    </>
  );
}
