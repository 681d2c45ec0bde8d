/** The inspection and certificate forms (issue 21): plain GOV.UK forms that work without JavaScript. */
import { Form } from "@remix-run/react";
import { Button, DateInput, Input, Radios, Select, Textarea } from "~/lib/components/govuk";
import { CERTIFICATE_KINDS, CERTIFICATE_TERM_MONTHS, INSPECTION_GRADES } from "~/lib/vocabulary";

type V = Record<string, string | undefined>;
type E = Record<string, string | undefined> | undefined;
const part = (v: V, n: string) => ({ day: v[`${n}-day`] ?? "", month: v[`${n}-month`] ?? "", year: v[`${n}-year`] ?? "" });

/** Works an inspection can require on the form (matches WORK_SLOTS in standards-forms.server.ts). */
const SLOTS = [1, 2, 3];

function UnitChoice({ v, e, units }: { v: V; e: E; units: { id: number; unit_ref: string }[] }) {
  return (
    <Select
      name="unit"
      label="What was inspected or certified"
      hint="The whole property, or one unit where it differs from the rest"
      defaultValue={v.unit ?? ""}
      error={e?.unit}
      options={[{ value: "", label: "The whole property" }, ...units.map((u) => ({ value: String(u.id), label: `Unit ${u.unit_ref}` }))]}
    />
  );
}

export function InspectionForm({ v, e, units }: { v: V; e: E; units: { id: number; unit_ref: string }[] }) {
  return (
    <Form method="post" noValidate>
      <UnitChoice v={v} e={e} units={units} />
      <DateInput
        name="inspected"
        legend="Inspection date"
        hint="For example, 27 3 2026"
        error={e?.inspected}
        value={part(v, "inspected")}
      />
      <Input
        name="inspector"
        label="Inspector"
        hint="The inspector's name and organisation"
        defaultValue={v.inspector}
        error={e?.inspector}
      />
      <Radios
        name="grade"
        legend="Grade"
        hint="Grade E means do not use: nobody is placed there except in an emergency a manager records"
        defaultValue={v.grade}
        error={e?.grade}
        choices={Object.entries(INSPECTION_GRADES).map(([value, label]) => ({ value, label }))}
      />
      <Textarea name="findings" label="Findings (optional)" defaultValue={v.findings} error={e?.findings} />
      <h2 className="govuk-heading-m">Works required</h2>
      <p className="govuk-body">
        Works not completed by their due date make the property do not use. Leave a row empty when there are fewer works.
      </p>
      {SLOTS.map((i) => (
        <div key={i}>
          <Input name={`work${i}`} label={`Works ${i} (optional)`} defaultValue={v[`work${i}`]} error={e?.[`work${i}`]} />
          <DateInput
            name={`work${i}Due`}
            legend={`Date works ${i} are due`}
            legendSize="s"
            error={e?.[`work${i}Due`]}
            value={part(v, `work${i}Due`)}
          />
        </div>
      ))}
      <DateInput
        name="reinspect"
        legend="Re-inspection date (optional)"
        hint="When the property is to be inspected again"
        error={e?.reinspect}
        value={part(v, "reinspect")}
      />
      <Button>Record inspection</Button>
    </Form>
  );
}

export function CertificateForm({ v, e, units }: { v: V; e: E; units: { id: number; unit_ref: string }[] }) {
  return (
    <Form method="post" noValidate>
      <UnitChoice v={v} e={e} units={units} />
      <Radios
        name="kind"
        legend="Certificate"
        defaultValue={v.kind}
        error={e?.kind}
        choices={Object.entries(CERTIFICATE_KINDS).map(([value, label]) => ({
          value,
          label,
          hint: `Usually lasts ${CERTIFICATE_TERM_MONTHS[value as keyof typeof CERTIFICATE_KINDS] / 12} ${
            CERTIFICATE_TERM_MONTHS[value as keyof typeof CERTIFICATE_KINDS] === 12 ? "year" : "years"
          }`,
        }))}
      />
      <DateInput name="issued" legend="Issue date" error={e?.issued} value={part(v, "issued")} />
      <DateInput
        name="expires"
        legend="Expiry date (optional)"
        hint="Leave empty to use the usual term from the issue date"
        error={e?.expires}
        value={part(v, "expires")}
      />
      <Input name="reference" label="Certificate reference (optional)" width="20" defaultValue={v.reference} error={e?.reference} />
      <Button>Record certificate</Button>
    </Form>
  );
}
