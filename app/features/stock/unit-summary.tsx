import { SummaryList, Tag, WarningText } from "~/lib/components/govuk";

export interface UnitSummaryData {
  unit: {
    unit_ref: string;
    name: string;
    property_name: string;
    address_line_1: string;
    town: string;
    postcode: string;
    provider_name: string;
    ta_type: string;
    is_bnb: boolean;
    out_of_district: boolean;
    bedrooms: number;
    max_occupants: number;
    step_free: boolean;
  };
  suitability: {
    hard: { code: string; message: string }[];
    doNotUse?: { code: string; message: string }[];
    warnings: { code: string; message: string }[];
  };
}

/** The unit being placed into, with every reason it may not suit the household. */
export function UnitSummary({ d, error }: { d: UnitSummaryData; error?: string }) {
  const u = d.unit;
  const doNotUse = d.suitability.doNotUse ?? [];
  return (
    <div className={error ? "govuk-form-group govuk-form-group--error" : undefined}>
      <h2 className="govuk-heading-m" id="unit" tabIndex={-1} aria-describedby={error ? "unit-error" : undefined}>
        Unit {u.unit_ref}
      </h2>
      {error ? (
        <p className="govuk-error-message" id="unit-error">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {doNotUse.length > 0 ? (
        <p className="govuk-body">
          <Tag colour="red">Do not use</Tag>
        </p>
      ) : null}
      {[...d.suitability.hard, ...doNotUse, ...d.suitability.warnings].map((w) => (
        <WarningText key={w.code}>{w.message}</WarningText>
      ))}
      <SummaryList
        rows={[
          { key: "Address", value: `${u.property_name}${u.name ? `, ${u.name}` : ""}, ${u.address_line_1}, ${u.town} ${u.postcode}` },
          { key: "Provider", value: u.provider_name },
          {
            key: "Type",
            value: (
              <>
                {u.ta_type}
                {u.is_bnb ? (
                  <>
                    {" "}
                    <Tag colour="orange">B&amp;B</Tag>
                  </>
                ) : null}
                {u.out_of_district ? (
                  <>
                    {" "}
                    <Tag colour="purple">Out of district</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          {
            key: "Size",
            value: `${u.bedrooms} ${u.bedrooms === 1 ? "bedroom" : "bedrooms"}, up to ${u.max_occupants} ${u.max_occupants === 1 ? "person" : "people"}${u.step_free ? ", step-free" : ""}`,
          },
        ]}
      />
    </div>
  );
}
