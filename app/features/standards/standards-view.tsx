/** How a unit's standing and a property's inspections and certificates are shown (issue 21). */
import { Form, Link } from "@remix-run/react";
import { Button, ButtonLink, DateInput, Radios, Table, Tag, WarningText } from "~/lib/components/govuk";
import { CERTIFICATE_KINDS, INSPECTION_GRADES, type CertificateKind, type InspectionGrade } from "~/lib/vocabulary";
import { formatDate } from "~/lib/dates";

export interface Standing {
  grade: string | null;
  inspectedOn: string | null;
  doNotUse: { code: string; message: string }[];
  expired: { code: string; message: string }[];
}

/** The grade, "Do not use" and "Certificate expired" tags, with the reasons for screen readers and sighted users alike. */
export function StandingTags({ s }: { s: Standing }) {
  return (
    <>
      {s.grade ? (
        <Tag colour={s.grade === "E" ? "red" : s.grade === "D" ? "orange" : "grey"}>Grade {s.grade}</Tag>
      ) : (
        <Tag colour="grey">Not inspected</Tag>
      )}
      {s.doNotUse.length ? (
        <>
          {" "}
          <Tag colour="red">Do not use</Tag>
        </>
      ) : null}
      {s.expired.length ? (
        <>
          {" "}
          <Tag colour="orange">Certificate expired</Tag>
        </>
      ) : null}
      {s.doNotUse.length + s.expired.length > 0 ? (
        <ul className="govuk-list govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
          {[...s.doNotUse, ...s.expired].map((r) => (
            <li key={r.code}>{r.message}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

interface Works {
  id: number;
  description: string;
  due_on: string;
  completed_on: string | null;
}
interface Inspection {
  id: number;
  inspected_on: string;
  inspector: string;
  grade: string;
  findings: string;
  reinspect_on: string | null;
  unit_ref: string | null;
  works: Works[];
}
interface Certificate {
  id: number;
  kind: string;
  issued_on: string;
  expires_on: string;
  reference: string | null;
  unit_ref: string | null;
}

export function PropertyStandards({
  propertyId,
  standards,
  canEdit,
  hmoLicenceRequired,
  today,
  todayParts,
  errors,
}: {
  propertyId: number;
  standards: {
    inspections: Inspection[];
    certificates: Certificate[];
    inspectionAsks: { id: number; kind: string; received_on: string; details: string; unit_ref: string }[];
  };
  canEdit: boolean;
  hmoLicenceRequired: boolean;
  today: string;
  todayParts: { day: string; month: string; year: string };
  errors?: Record<string, string> | null;
}) {
  const open = standards.inspections.flatMap((i) => i.works.filter((w) => !w.completed_on).map((w) => ({ ...w, unitRef: i.unit_ref })));
  return (
    <>
      <h2 className="govuk-heading-l" id="inspections">
        Inspections
      </h2>
      {standards.inspectionAsks.length > 0 ? (
        <>
          <WarningText>
            {standards.inspectionAsks.length === 1
              ? "A household's complaint asks for an inspection, made since the last one."
              : `${standards.inspectionAsks.length} households' complaints ask for an inspection, made since the last one.`}
          </WarningText>
          <ul className="govuk-list govuk-list--bullet">
            {standards.inspectionAsks.map((c) => (
              <li key={c.id}>
                Unit {c.unit_ref}, {formatDate(c.received_on)}: {c.details}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Table
        caption="Inspections, newest first"
        rowKey={(r) => r.id}
        rows={standards.inspections}
        empty="Not inspected yet."
        columns={[
          { header: "Date", cell: (r) => formatDate(r.inspected_on) },
          { header: "Of", cell: (r) => (r.unit_ref ? `Unit ${r.unit_ref}` : "Whole property") },
          { header: "Grade", cell: (r) => INSPECTION_GRADES[r.grade as InspectionGrade] ?? r.grade },
          { header: "Inspector", cell: (r) => r.inspector },
          { header: "Findings", cell: (r) => r.findings },
          {
            header: "Works required",
            cell: (r) =>
              r.works.length === 0 ? (
                "None"
              ) : (
                <ul className="govuk-list govuk-body-s">
                  {r.works.map((w) => (
                    <li key={w.id}>
                      {w.description}: due {formatDate(w.due_on)}
                      {w.completed_on ? `, completed ${formatDate(w.completed_on)}` : w.due_on < today ? " (overdue)" : ""}
                    </li>
                  ))}
                </ul>
              ),
          },
          { header: "Re-inspection", cell: (r) => (r.reinspect_on ? formatDate(r.reinspect_on) : "") },
        ]}
      />
      {canEdit ? (
        <ButtonLink secondary to={`/stock/properties/${propertyId}/inspections/new`}>
          Record an inspection
        </ButtonLink>
      ) : null}
      {canEdit && open.length > 0 ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="complete-works" />
              <Radios
                name="worksId"
                legend="Record works as completed"
                legendSize="m"
                error={errors?.worksId ?? errors?._form}
                choices={open.map((w) => ({
                  value: String(w.id),
                  label: `${w.description}${w.unitRef ? ` (unit ${w.unitRef})` : ""}, due ${formatDate(w.due_on)}`,
                }))}
              />
              <DateInput name="completed" legend="Date completed" legendSize="s" error={errors?.completed} value={todayParts} />
              <Button secondary>Record as completed</Button>
            </Form>
          </div>
        </div>
      ) : null}
      <h2 className="govuk-heading-l" id="certificates">
        Certificates
      </h2>
      <Table
        caption="Certificates, latest expiry first"
        rowKey={(r) => r.id}
        rows={standards.certificates}
        empty="No certificate recorded."
        columns={[
          { header: "Certificate", cell: (r) => CERTIFICATE_KINDS[r.kind as CertificateKind] ?? r.kind },
          { header: "Of", cell: (r) => (r.unit_ref ? `Unit ${r.unit_ref}` : "Whole property") },
          { header: "Issued", cell: (r) => formatDate(r.issued_on) },
          {
            header: "Expires",
            cell: (r) => (
              <>
                {formatDate(r.expires_on)}
                {r.expires_on < today ? (
                  <>
                    {" "}
                    <Tag colour="orange">Expired</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "Reference", cell: (r) => r.reference ?? "" },
        ]}
      />
      {canEdit ? (
        <>
          <ButtonLink secondary to={`/stock/properties/${propertyId}/certificates/new`}>
            Record a certificate
          </ButtonLink>
          <Form method="post">
            <input type="hidden" name="intent" value="hmo-licence" />
            <input type="hidden" name="required" value={hmoLicenceRequired ? "no" : "yes"} />
            <Button secondary>{hmoLicenceRequired ? "Mark as not needing an HMO licence" : "Mark as needing an HMO licence"}</Button>
          </Form>
        </>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/stock/certificates">
          Certificates that expire in the next 30 days
        </Link>
      </p>
    </>
  );
}
