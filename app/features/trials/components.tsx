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
  measures?: string[];
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
}: {
  values: TrialFormValues;
  errors?: Record<string, string | undefined>;
  providers: { id: number; name: string }[];
  taTypes: { code: string; name: string }[];
  measures: { value: string; label: string }[];
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
        legend="End date (optional)"
        hint="Leave blank while the change is still running. The end date is included."
        value={v.end}
        error={errors.end}
      />
      <Checkboxes
        name="measures"
        legend="Outcome measures the change aims to move"
        hint="Select all that apply. The page shows every measure; these are the ones you are aiming at."
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

const VERDICT_TAG = {
  effect: <Tag colour="green">Clear effect</Tag>,
  no_detectable_effect: <Tag colour="grey">No detectable effect</Tag>,
  not_yet: <Tag colour="yellow">Too early to compare</Tag>,
} as const;

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

      <Sub className="govuk-heading-m">Leaving TA within 28, 56 and 90 days</Sub>
      <Table
        caption="Share leaving TA within N days (Wilson 95% CI)"
        captionSize="s"
        rowKey={(r) => r.days}
        rows={c.leftWithin}
        columns={[
          { header: "Within", cell: (r) => `${r.days} days` },
          { header: "In the change", cell: (r) => r.trial },
          { header: "Comparison", cell: (r) => r.comparison },
        ]}
      />
      <p className="govuk-body-s">
        Only households that entered at least N days ago count, whether or not they have left, so recent arrivals do not pull the share
        down.
      </p>

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

      <Sub className="govuk-heading-m">B&amp;B use</Sub>
      <SummaryList
        rows={[
          { key: "B&B nights per 100 households, in the change", value: c.bnb.nightsTrial },
          { key: "B&B nights per 100 households, comparison", value: c.bnb.nightsComparison },
          { key: "Six-week breaches per 100 households, in the change", value: c.bnb.breachesTrial },
          { key: "Six-week breaches per 100 households, comparison", value: c.bnb.breachesComparison },
        ]}
      />

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
    </section>
  );
}
