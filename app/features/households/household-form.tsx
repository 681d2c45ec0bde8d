import type { ReactNode } from "react";
/** The household form (register and edit). Member rows are added and removed with submit buttons, so it works with JavaScript off. */
import { Form } from "@remix-run/react";
import { DUTIES, RELATIONSHIPS, SEXES, choicesOf } from "~/lib/vocabulary";
import { Button, DateInput, ErrorSummary, Input, Radios, Select, Textarea, fieldId, type FieldErrors } from "~/lib/components/govuk";

const SEX_OPTIONS = [{ value: "", label: "Not recorded" }, ...choicesOf(SEXES)];

export interface MemberRowView {
  id: string;
  name: string;
  dob: { day: string; month: string; year: string };
  relationship: string;
  sex: string;
  pregnant: boolean;
}

export function HouseholdForm({
  values,
  rows,
  errors,
  order,
  register,
  submitLabel,
  maxMembers,
  beforeSubmit,
}: {
  values: Record<string, string>;
  rows: MemberRowView[];
  errors?: FieldErrors;
  order: string[];
  register: boolean;
  submitLabel: string;
  maxMembers: number;
  /** Shown just above the submit button, inside the form (registration's warning of a likely duplicate). */
  beforeSubmit?: ReactNode;
}) {
  const e = errors ?? {};
  return (
    <>
      <ErrorSummary values={values} errors={errors} order={order} />
      <Form method="post" noValidate>
        <Input
          name="case_ref"
          label="Case reference"
          hint="The council's own reference for this case, as in the case management system"
          width="20"
          spellCheck={false}
          defaultValue={values.case_ref}
          error={e.case_ref}
        />
        <Radios name="duty" legend="Duty owed" defaultValue={values.duty} error={e.duty} choices={choicesOf(DUTIES)} />
        <Radios
          name="step_free"
          legend="Does the household need step-free access?"
          inline
          defaultValue={values.step_free}
          error={e.step_free}
          choices={[
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ]}
        />
        <Textarea
          name="support_needs"
          label="Support needs"
          hint="For example, mental health support, a wheelchair user, fleeing domestic abuse. Optional."
          defaultValue={values.support_needs}
          error={e.support_needs}
        />
        {register ? (
          <Radios
            name="awaiting"
            legend="Is the household awaiting a placement?"
            hint="A duty is owed and no accommodation has been secured yet"
            inline
            defaultValue={values.awaiting}
            error={e.awaiting}
            choices={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
        ) : null}

        <h2 className="govuk-heading-m">Members</h2>
        <p className="govuk-body">
          Record everyone in the household, with exactly one lead applicant. Record a pregnancy against the person who is pregnant.
        </p>
        {e._form ? (
          <p className="govuk-error-message" id="main-content-error">
            <span className="govuk-visually-hidden">Error:</span> {e._form}
          </p>
        ) : null}
        <input type="hidden" name="member_count" value={rows.length} />
        {rows.map((r, i) => (
          <fieldset className="govuk-fieldset app-member" key={`${i}-${r.id}`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              <h3 className="govuk-fieldset__heading">Member {i + 1}</h3>
            </legend>
            <input type="hidden" name={`m${i}-id`} value={r.id} />
            <Input name={`m${i}-name`} label="Full name" defaultValue={r.name} error={e[`m${i}-name`]} autoComplete="off" />
            <DateInput
              name={`m${i}-dob`}
              legend="Date of birth"
              hint="For example, 27 3 2014. Leave blank if not known."
              value={r.dob}
              error={e[`m${i}-dob`]}
            />
            <Select
              name={`m${i}-relationship`}
              label="Relationship to the household"
              options={choicesOf(RELATIONSHIPS)}
              defaultValue={r.relationship}
              error={e[`m${i}-relationship`]}
            />
            <Select
              name={`m${i}-sex`}
              label="Sex"
              hint="Used for the bedroom standard"
              options={SEX_OPTIONS}
              defaultValue={r.sex}
              error={e[`m${i}-sex`]}
            />
            <div className={`govuk-form-group${e[`m${i}-pregnant`] ? " govuk-form-group--error" : ""}`}>
              {e[`m${i}-pregnant`] ? (
                <p className="govuk-error-message" id={`${fieldId(`m${i}-pregnant`)}-error`}>
                  <span className="govuk-visually-hidden">Error:</span> {e[`m${i}-pregnant`]}
                </p>
              ) : null}
              <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    id={fieldId(`m${i}-pregnant`)}
                    name={`m${i}-pregnant`}
                    type="checkbox"
                    value="yes"
                    defaultChecked={r.pregnant}
                    aria-describedby={e[`m${i}-pregnant`] ? `${fieldId(`m${i}-pregnant`)}-error` : undefined}
                  />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={fieldId(`m${i}-pregnant`)}>
                    Member {i + 1} is pregnant
                  </label>
                </div>
              </div>
            </div>
            {rows.length > 1 ? (
              <Button secondary name="intent" value={`remove-${i}`}>
                Remove<span className="govuk-visually-hidden"> member {i + 1}</span>
              </Button>
            ) : null}
          </fieldset>
        ))}
        {rows.length < maxMembers ? (
          <p>
            <Button secondary name="intent" value="add">
              Add another member
            </Button>
          </p>
        ) : null}
        {beforeSubmit}
        <Button name="intent" value="save">
          {submitLabel}
        </Button>
      </Form>
    </>
  );
}
