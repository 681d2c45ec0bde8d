/** The trial form's fields and the results of a trial, shared by the page and the print view. */
import { Checkboxes, DateInput, Input, Radios, Select, SummaryList, Table, Tag, Textarea, WarningText } from "~/lib/components/govuk";
import { LineChart } from "~/lib/components/charts";
import type { ComparisonView } from "~/features/trials/trial-report.server";

export const TRIAL_FIELD_ORDER = [
  "name",
  "hypothesis",
  "owner",
  "start",
  "end",
  "plannedSize",
  "primary",
  "horizon",
  "measures",
  "selection",
  "children",
  "provider",
  "taTypes",
  "comparison",
];

export interface TrialFormValues {
  name?: string;
  hypothesis?: string;
  owner?: string;
  start?: { day: string; month: string; year: string };
  end?: { day: string; month: string; year: string };
  primary?: string;
  horizon?: string;
  measures?: string[];
  plannedSize?: string;
  selection?: string;
  children?: string;
  provider?: string;
  taTypes?: string[];
  comparison?: string;
}

export function TrialFields({
  values: v,
  errors = {},
  providers,
  taTypes,
  measures,
  horizons,
}: {
  values: TrialFormValues;
  errors?: Record<string, string | undefined>;
  providers: { id: number; name: string }[];
  taTypes: { code: string; name: string }[];
  measures: { value: string; label: string }[];
  horizons: { value: string; label: string }[];
}) {
  return (
    <>
      <Input name="name" label="Name of the change" defaultValue={v.name} error={errors.name} />
      <Textarea
        name="hypothesis"
        label="Hypothesis"
        hint="What you expect to happen, and why. For example: offering a move-on interview at day 28 means single households leave TA sooner."
        defaultValue={v.hypothesis}
        error={errors.hypothesis}
      />
      <Input name="owner" label="Owner" hint="The person or squad responsible" defaultValue={v.owner} error={errors.owner} />
      <DateInput name="start" legend="Start date" hint="For example, 27 3 2026" value={v.start} error={errors.start} />
      <DateInput
        name="end"
        legend="Planned end date (optional)"
        hint="The last day households can join the change. The verdict is interim until then. The end date is included."
        value={v.end}
        error={errors.end}
      />
      <Input
        name="plannedSize"
        label="Planned number of households in the change (optional)"
        hint="Instead of an end date: the verdict is final once this many households have been watched to the horizon. The results page shows how many the council's recent data says you need. Locked once the change starts."
        defaultValue={v.plannedSize}
        error={errors.plannedSize}
        width="5"
        inputMode="numeric"
      />
      <h2 className="govuk-heading-m">What the change should move</h2>
      <p className="govuk-body">
        Declare these before the change starts: once it has started they cannot be changed, so the verdict cannot be chosen after seeing the
        figures.
      </p>
      <Radios
        name="primary"
        legend="Primary measure"
        hint="The one measure the verdict answers."
        defaultValue={v.primary}
        error={errors.primary}
        choices={measures}
      />
      <Radios
        name="horizon"
        legend="Horizon"
        hint="Every measure is taken over this many days from each household's entry to TA, so the groups are compared over the same window."
        defaultValue={v.horizon}
        error={errors.horizon}
        inline
        choices={horizons}
      />
      <Checkboxes
        name="measures"
        legend="Secondary measures (optional)"
        hint="Shown beside the primary measure, adjusted for testing several at once (Holm)."
        choices={measures}
        defaultValues={v.measures}
        error={errors.measures}
      />
      <Radios
        name="selection"
        legend="Which households does the change touch?"
        defaultValue={v.selection}
        error={errors.selection}
        choices={[
          { value: "rule", label: "Chosen by a rule", hint: "Households entering TA on or after the start date that match the rule below" },
          {
            value: "tagged",
            label: "Tagged one by one",
            hint: "Officers tag households from the household page. Tagged households entering TA on or after the start date are counted; the rule below then picks the comparison households.",
          },
        ]}
      />
      <h2 className="govuk-heading-m">Rule</h2>
      <p className="govuk-body">Each part is checked at entry to TA. Leave a part blank to include everyone.</p>
      <Radios
        name="children"
        legend="Children"
        defaultValue={v.children ?? "any"}
        error={errors.children}
        small
        choices={[
          { value: "any", label: "With or without children" },
          { value: "with", label: "Only households with children" },
          { value: "without", label: "Only households without children" },
        ]}
      />
      <Select
        name="provider"
        label="Placed with provider (optional)"
        defaultValue={v.provider ?? ""}
        error={errors.provider}
        options={[{ value: "", label: "Any provider" }, ...providers.map((p) => ({ value: String(p.id), label: p.name }))]}
      />
      <Checkboxes
        name="taTypes"
        legend="TA type at entry (optional)"
        small
        defaultValues={v.taTypes}
        error={errors.taTypes}
        choices={taTypes.map((t) => ({ value: t.code, label: t.name }))}
      />
      <Radios
        name="comparison"
        legend="Compare with"
        defaultValue={v.comparison}
        error={errors.comparison}
        choices={[
          { value: "before_after", label: "Before and after", hint: "The same rule in the same number of days just before the start date" },
          {
            value: "concurrent",
            label: "Same period",
            hint: "Households entering TA in the same period that the change does not touch (not matching the rule, or not tagged)",
          },
          { value: "both", label: "Both" },
        ]}
      />
    </>
  );
}

/** How many households a change needs, from the council's own last year (shown when setting one up). */
export function SetUpPower({ rows }: { rows: { horizon: number; watched: number; share: number | null; perGroup: number | null }[] }) {
  return (
    <>
      <Table
        caption="How many households a change needs, from the council's households entering TA in the last year"
        captionSize="s"
        rowKey={(r) => r.horizon}
        rows={rows}
        columns={[
          { header: "Horizon", cell: (r) => `${r.horizon} days` },
          { header: "Households watched that long", cell: (r) => r.watched, numeric: true },
          { header: "Left TA within it", cell: (r) => (r.share === null ? "None yet" : `${(100 * r.share).toFixed(0)}%`), numeric: true },
          {
            header: "Needed in each group to see a 10-point change",
            cell: (r) => (r.perGroup === null ? "Too few to say" : r.perGroup),
            numeric: true,
          },
        ]}
      />
      <p className="govuk-body-s">
        80% power, two-sided 5% (as R&apos;s power.prop.test), for the share leaving TA within the horizon; a few per cent more allows for
        interim looks. The results page works this out again for the change&apos;s own rule once it is saved.
      </p>
    </>
  );
}

export const VERDICT_TAG = {
  effect: <Tag colour="green">Clear effect</Tag>,
  no_detectable_effect: <Tag colour="grey">No detectable effect</Tag>,
  not_yet: <Tag colour="yellow">Too early to compare</Tag>,
  interim: <Tag>Interim: no conclusion yet</Tag>,
  interim_effect: <Tag colour="teal">Interim: boundary crossed</Tag>,
} as const;

/** The declared primary measure's result, the follow-up of each group and every measure at each horizon. */
export function PrimaryResult({ c, Sub }: { c: ComparisonView; Sub: "h3" | "h4" }) {
  return (
    <>
      <Sub className="govuk-heading-m">Primary measure</Sub>
      <SummaryList
        rows={[
          { key: "Measure", value: c.primary.label },
          { key: "In the change", value: c.primary.trial },
          { key: "Comparison", value: c.primary.comparison },
          { key: "Difference (change minus comparison)", value: c.primary.difference },
          { key: "Test", value: c.primary.test },
          { key: "Look", value: c.primary.look },
          ...(c.primary.did ? [{ key: "Allowing for time", value: c.primary.did }] : []),
        ]}
      />
      <Table
        caption="Follow-up: days each household could be watched, entry to the figures' date"
        captionSize="s"
        rowKey={(r) => r.group}
        rows={c.followUp}
        columns={[
          { header: "Group", cell: (r) => r.group },
          { header: "Households", cell: (r) => r.n, numeric: true },
          { header: "Median", cell: (r) => r.median },
          { header: "Range", cell: (r) => r.range },
        ]}
      />
    </>
  );
}

export function HorizonTable({ c }: { c: ComparisonView }) {
  return (
    <>
      <Table
        caption="Every measure over the same days from entry: in the change against the comparison group (95% intervals)"
        captionSize="s"
        rowKey={(r) => r.horizon}
        rows={c.horizons}
        columns={[
          { header: "First", cell: (r) => `${r.horizon} days` },
          { header: "Watched that long", cell: (r) => r.watched },
          { header: "Left TA by then", cell: (r) => r.left },
          { header: "Mean days in TA", cell: (r) => r.restrictedMean },
          { header: "B&B nights per 100", cell: (r) => r.bnb },
          { header: "Six-week breaches per 100", cell: (r) => r.breaches },
        ]}
      />
      <p className="govuk-body-s">
        Left TA and mean days in TA by Kaplan-Meier (restricted mean), counting households still in TA as censored; breaches by cumulative
        incidence, leaving TA first competing; B&amp;B nights only among households watched that long.
      </p>
    </>
  );
}

export function SecondaryTable({ c }: { c: ComparisonView }) {
  if (c.secondaries.length === 0) return <p className="govuk-body">{c.secondaryNote}</p>;
  return (
    <>
      <Table
        caption="Secondary measures"
        captionSize="s"
        rowKey={(r) => r.label}
        rows={c.secondaries}
        columns={[
          { header: "Measure", cell: (r) => r.label },
          { header: "In the change", cell: (r) => r.trial },
          { header: "Comparison", cell: (r) => r.comparison },
          { header: "Difference (adjusted interval)", cell: (r) => r.difference },
          { header: "p", cell: (r) => `${r.p}${r.adjusted ? `; ${r.adjusted}` : ""}` },
        ]}
      />
      <p className="govuk-body-s">{c.secondaryNote}</p>
    </>
  );
}

export function ComparisonResults({ c, headingLevel = 2, print = false }: { c: ComparisonView; headingLevel?: 2 | 3; print?: boolean }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  const id = `cmp-${c.key}`;
  return (
    <section aria-labelledby={`${id}-heading`} className="govuk-!-margin-bottom-8">
      <H className="govuk-heading-l" id={`${id}-heading`}>
        Compared with: {c.name.toLowerCase()}
      </H>
      <p className="govuk-body">{VERDICT_TAG[c.verdict]}</p>
      <div className="govuk-inset-text" data-testid={`verdict-${c.key}`}>
        <p className="govuk-body">
          <strong>What this shows.</strong> {c.shows.join(" ")}
        </p>
        <p className="govuk-body">
          <strong>What this does not show.</strong> {c.doesNotShow.join(" ")}
        </p>
      </div>

      <PrimaryResult c={c} Sub={Sub} />
      <Sub className="govuk-heading-m">Every measure over the same window</Sub>
      <HorizonTable c={c} />
      <SecondaryTable c={c} />

      <Sub className="govuk-heading-m">Who is in each group</Sub>
      <p className="govuk-body">
        {c.sizes.trial} {c.sizes.trial === 1 ? "household" : "households"} in the change; {c.sizes.comparison} in the comparison group.
      </p>
      {c.makeUpFlags.length ? (
        <WarningText>The groups differ in make-up. {c.makeUpFlags.join(" ")}</WarningText>
      ) : (
        <p className="govuk-body">
          The groups' make-up (share of families, TA type at entry) differs by no more than 10 percentage points.
        </p>
      )}
      <p className="govuk-body">{c.makeUpTest}</p>
      <Table
        caption="Make-up of the groups"
        captionSize="s"
        rowKey={(r) => r.label}
        rows={c.makeUp}
        firstCellIsHeader
        columns={[
          {
            header: "Characteristic",
            cell: (r) => (
              <>
                {r.label}
                {r.flagged ? (
                  <>
                    {" "}
                    <Tag colour="orange">Differs</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "In the change", cell: (r) => r.trial, numeric: true },
          { header: "Comparison", cell: (r) => r.comparison, numeric: true },
        ]}
      />

      <Sub className="govuk-heading-m">Length of stay</Sub>
      {print ? null : (
        <LineChart
          id={`${id}-km`}
          title="Share still in TA, by days since the clock started (%)"
          yLabel="% still in TA"
          description="Kaplan-Meier curves: the share of each group still in TA after each number of days, counting households still in TA as censored. A lower line means households leave sooner."
          series={c.kmChart.series}
          format={(v) => `${v.toFixed(0)}%`}
        />
      )}
      <Table
        caption="Length of stay in days (Kaplan-Meier)"
        captionSize="s"
        rowKey={(r) => r.group}
        rows={c.lengthOfStay.rows}
        columns={[
          { header: "Group", cell: (r) => r.group },
          { header: "Households", cell: (r) => r.n, numeric: true },
          { header: "Left TA", cell: (r) => r.exited, numeric: true },
          { header: "Median (95% CI)", cell: (r) => r.median },
          { header: "25% have left by", cell: (r) => r.q25 },
          { header: "75% have left by", cell: (r) => r.q75 },
        ]}
      />
      <p className="govuk-body">{c.lengthOfStay.test}</p>

      <Sub className="govuk-heading-m">Cost per household per week in TA</Sub>
      <SummaryList
        rows={[
          { key: "In the change (gross)", value: c.cost.trial },
          { key: "Comparison (gross)", value: c.cost.comparison },
          { key: "In the change (net of estimated subsidy)", value: c.cost.netTrial },
          { key: "Comparison (net of estimated subsidy)", value: c.cost.netComparison },
          { key: "Difference (comparison minus change)", value: c.cost.difference },
        ]}
      />
      <p className="govuk-body-s">
        Gross cost to the council from unit rates, per household, averaged over households; net cost is gross less the housing benefit
        subsidy estimated from the January 2011 LHA table (Money), for the households whose subsidy can be estimated. Bootstrap 95%
        intervals with a fixed seed.
      </p>

      <Table
        caption="Exits by destination"
        captionSize="s"
        rowKey={(r) => r.destination}
        rows={c.exits}
        empty="No household in either group has left TA yet."
        columns={[
          { header: "Destination", cell: (r) => r.destination },
          { header: "In the change", cell: (r) => r.trial, numeric: true },
          { header: "Comparison", cell: (r) => r.comparison, numeric: true },
        ]}
      />
      <p className="govuk-body">{c.destinationTest}</p>
    </section>
  );
}
