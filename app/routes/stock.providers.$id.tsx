import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { getProvider, saveProvider } from "~/features/stock/stock.server";
import { providerSchema } from "~/features/stock/stock-forms.server";
import {
  BackLink,
  Button,
  ButtonLink,
  DateInput,
  ErrorSummary,
  Input,
  Radios,
  SummaryList,
  Table,
  Tag,
  Textarea,
} from "~/lib/components/govuk";
import { ProviderForm } from "~/features/stock/stock-forms";
import { COMPLAINT_KINDS, COMPLAINT_OUTCOMES, PROVIDER_CHECK_OUTCOMES, PROVIDER_TYPES } from "~/lib/vocabulary";
import { can } from "~/lib/permissions";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { providerFigures, providerProperties, providerRecord } from "~/features/standards/provider-record.server";
import { addProviderContact, recordProviderCheck } from "~/features/standards/standards.server";
import { prepareProviderCheck, providerCheckSchema, providerContactSchema } from "~/features/standards/standards-forms.server";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: (d: { name?: string }) => (d?.name ? `Provider ${d.name}` : "Provider") };

const ORDER = ["name", "providerType", "email", "phone", "contactName", "contactRole", "contactEmail", "contactPhone"];
const CHECK_ORDER = ["checked", "outcome", "checkedBy", "note", "nextDue"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:stock");
  const db = await getDb();
  const id = parseId(params.id);
  const { provider } = await getProvider(db, id);
  const day = today(request);
  const [figures] = await providerFigures(db, day, id);
  return {
    name: provider.name,
    provider,
    figures,
    todayText: formatDate(day),
    properties: await providerProperties(db, id, day),
    record: await providerRecord(db, id),
    canEdit: can(user.role, "edit:stock"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const id = parseId(params.id);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const db = await getDb();
  if (intent === "contact") {
    const form = parseForm(formData, providerContactSchema);
    if (!form.ok) return { intent, errors: form.errors, values: form.values };
    await addProviderContact(db, actor.id, id, {
      name: form.data.contactName,
      role: form.data.contactRole,
      email: form.data.contactEmail,
      phone: form.data.contactPhone,
    });
    throw redirect(`/stock/providers/${id}#contacts`);
  }
  if (intent === "check") {
    const form = parseForm(formData, providerCheckSchema(today(request)), prepareProviderCheck);
    if (!form.ok) return { intent, errors: form.errors, values: form.values };
    await recordProviderCheck(db, actor.id, {
      providerId: id,
      checkedOn: form.data.checked!,
      outcome: form.data.outcome,
      checkedBy: form.data.checkedBy,
      note: form.data.note,
      nextDueOn: form.data.nextDue,
    });
    throw redirect(`/stock/providers/${id}#checks`);
  }
  const form = parseForm(formData, providerSchema);
  if (!form.ok) return { intent: "", errors: form.errors, values: form.values };
  try {
    await saveProvider(db, actor.id, id, form.data);
  } catch (e) {
    return { intent: "", errors: asRefusal(e).errors(), values: form.values };
  }
  throw redirect(`/stock/providers/${id}`);
}

const n = (x: number, one: string, many: string) => `${x.toLocaleString("en-GB")} ${x === 1 ? one : many}`;

export default function Provider() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const p = d.provider;
  const f = d.figures;
  const v = (a?.values ?? {}) as Record<string, string>;
  const e = a?.errors as Record<string, string> | undefined;
  const part = (name: string) => ({ day: v[`${name}-day`] ?? "", month: v[`${name}-month`] ?? "", year: v[`${name}-year`] ?? "" });
  return (
    <>
      <BackLink to="/stock/providers">Providers</BackLink>
      <ErrorSummary errors={e} order={a?.intent === "check" ? CHECK_ORDER : ORDER} values={a?.values} />
      <span className="govuk-caption-l">Provider</span>
      <h1 className="govuk-heading-l">{p.name}</h1>
      <h2 className="govuk-heading-m">The record on {d.todayText}</h2>
      <SummaryList
        rows={[
          { key: "Type", value: PROVIDER_TYPES[p.provider_type] },
          {
            key: "Fit-and-proper check",
            value: f.last_check_on ? (
              <>
                {PROVIDER_CHECK_OUTCOMES[f.last_check_outcome!]} on {formatDate(f.last_check_on)}
                {f.last_check_outcome === "failed" ? (
                  <>
                    {" "}
                    <Tag colour="red">Failed</Tag>
                  </>
                ) : null}
                {f.next_check_due ? `; next due ${formatDate(f.next_check_due)}` : ""}
              </>
            ) : (
              "Never checked"
            ),
          },
          {
            key: "Properties and units in use",
            value: `${n(f.properties, "property", "properties")}, ${n(f.units_in_use, "unit", "units")} in use`,
          },
          {
            key: "Latest inspection grades (units)",
            value: `A ${f.grade_a}, B ${f.grade_b}, C ${f.grade_c}, D ${f.grade_d}, E ${f.grade_e}; not inspected ${f.not_inspected}`,
          },
          {
            key: "Do not use",
            value: f.do_not_use ? <Tag colour="red">{n(f.do_not_use, "unit", "units")}</Tag> : "None",
          },
          {
            key: "Certificate expired",
            value: f.certificate_expired ? <Tag colour="orange">{n(f.certificate_expired, "unit", "units")}</Tag> : "None",
          },
          {
            key: "Free tonight and voids",
            value: `${n(f.free_tonight, "unit", "units")} free tonight; ${n(f.void_now, "unit", "units")} with nobody placed${
              f.longest_void_nights ? `, the longest for ${n(f.longest_void_nights, "night", "nights")}` : ""
            }`,
          },
          {
            key: "Rates against the market",
            value: `${f.above_market_units} of ${n(f.rated_units, "unit", "units")} with a rate are above the median of their peers; bringing them to it would have saved ${formatPence(
              f.above_market_saving_pence,
            )} over the last 365 nights`,
          },
          { key: "Disputed invoices", value: f.disputed_invoices.toLocaleString("en-GB") },
          {
            key: "Complaints in the last 12 months",
            value: `${f.complaints_12m} (${f.complaints_upheld_12m} upheld or partly upheld); ${f.complaints_open} open`,
          },
        ]}
      />
      <p className="govuk-body">
        <Link className="govuk-link" to={`/money/rates/market`}>
          Rates against the market
        </Link>
        {" · "}
        <Link className="govuk-link" to="/stock/providers.csv" reloadDocument>
          Every provider's record as CSV
        </Link>
      </p>

      <Table
        caption="Properties"
        rowKey={(r) => r.id}
        rows={d.properties}
        empty="No properties yet."
        columns={[
          {
            header: "Name",
            cell: (r) => (
              <Link className="govuk-link" to={`/stock/properties/${r.id}`}>
                {r.name}
              </Link>
            ),
          },
          { header: "Town", cell: (r) => r.town },
          { header: "District", cell: (r) => r.district_gss },
          { header: "Units", cell: (r) => r.units, numeric: true },
          { header: "Grades", cell: (r) => r.grades ?? "Not inspected" },
          {
            header: "Standing today",
            cell: (r) => (
              <>
                {r.do_not_use ? <Tag colour="red">{`Do not use: ${r.do_not_use}`}</Tag> : null}{" "}
                {r.certificate_expired ? <Tag colour="orange">{`Certificate expired: ${r.certificate_expired}`}</Tag> : null}
              </>
            ),
          },
        ]}
      />
      {d.canEdit ? (
        <ButtonLink secondary to={`/stock/properties/new?provider=${p.id}`}>
          Add a property
        </ButtonLink>
      ) : null}

      <h2 className="govuk-heading-l" id="contacts">
        Contacts
      </h2>
      <SummaryList
        rows={[
          { key: "Email", value: p.email ?? "Not recorded" },
          { key: "Phone", value: p.phone ?? "Not recorded" },
        ]}
      />
      <Table
        caption="People"
        rowKey={(r) => r.id}
        rows={d.record.contacts}
        empty="No contacts recorded."
        columns={[
          { header: "Name", cell: (r) => r.name },
          { header: "Role", cell: (r) => r.role },
          { header: "Email", cell: (r) => r.email ?? "" },
          { header: "Phone", cell: (r) => r.phone ?? "" },
        ]}
      />
      {d.canEdit ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="contact" />
              <h3 className="govuk-heading-s">Add a contact</h3>
              <Input name="contactName" label="Name" defaultValue={v.contactName} error={e?.contactName} />
              <Input name="contactRole" label="Role (optional)" defaultValue={v.contactRole} error={e?.contactRole} />
              <Input
                name="contactEmail"
                label="Email address (optional)"
                type="email"
                spellCheck={false}
                defaultValue={v.contactEmail}
                error={e?.contactEmail}
              />
              <Input
                name="contactPhone"
                label="Phone number (optional)"
                type="tel"
                width="20"
                defaultValue={v.contactPhone}
                error={e?.contactPhone}
              />
              <Button secondary>Add contact</Button>
            </Form>
          </div>
        </div>
      ) : null}

      <h2 className="govuk-heading-l" id="checks">
        Fit-and-proper checks
      </h2>
      <Table
        caption="Checks, newest first"
        rowKey={(r) => r.id}
        rows={d.record.checks}
        empty="No fit-and-proper check recorded."
        columns={[
          { header: "Date", cell: (r) => formatDate(r.checked_on) },
          { header: "Outcome", cell: (r) => PROVIDER_CHECK_OUTCOMES[r.outcome] },
          { header: "Checked by", cell: (r) => r.checked_by },
          { header: "Note", cell: (r) => r.note },
          { header: "Next due", cell: (r) => (r.next_due_on ? formatDate(r.next_due_on) : "") },
        ]}
      />
      {d.canEdit ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="check" />
              <h3 className="govuk-heading-s">Record a fit-and-proper check</h3>
              <DateInput name="checked" legend="Date of the check" legendSize="s" error={e?.checked} value={part("checked")} />
              <Radios
                name="outcome"
                legend="Outcome"
                legendSize="s"
                defaultValue={v.outcome}
                error={e?.outcome}
                choices={Object.entries(PROVIDER_CHECK_OUTCOMES).map(([value, label]) => ({ value, label }))}
              />
              <Input name="checkedBy" label="Checked by" defaultValue={v.checkedBy} error={e?.checkedBy} />
              <Textarea name="note" label="Note (optional)" defaultValue={v.note} error={e?.note} />
              <DateInput name="nextDue" legend="Next check due (optional)" legendSize="s" error={e?.nextDue} value={part("nextDue")} />
              <Button secondary>Record check</Button>
            </Form>
          </div>
        </div>
      ) : null}

      <h2 className="govuk-heading-l" id="complaints">
        Complaints
      </h2>
      <Table
        caption="Complaints officers recorded, newest first"
        rowKey={(r) => r.id}
        rows={d.record.complaints}
        empty="No complaint recorded."
        columns={[
          { header: "Received", cell: (r) => formatDate(r.received_on) },
          { header: "About", cell: (r) => COMPLAINT_KINDS[r.kind] },
          {
            header: "Household and unit",
            cell: (r) => (
              <>
                <Link className="govuk-link" to={`/households/${r.household_id}`}>
                  {r.case_ref}
                </Link>
                , unit{" "}
                <Link className="govuk-link" to={`/stock/units/${r.unit_id}`}>
                  {r.unit_ref}
                </Link>
              </>
            ),
          },
          { header: "Details", cell: (r) => r.details },
          {
            header: "Outcome",
            cell: (r) =>
              `${COMPLAINT_OUTCOMES[r.outcome]}${r.outcome_on ? ` (${formatDate(r.outcome_on)})` : ""}${r.inspection_requested ? "; inspection asked for" : ""}`,
          },
        ]}
      />

      {d.canEdit ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Change the provider's details</h2>
            <ProviderForm
              v={
                a?.intent === "" && a?.values
                  ? a.values
                  : { name: p.name, providerType: p.provider_type, email: p.email ?? "", phone: p.phone ?? "" }
              }
              e={a?.intent === "" ? e : undefined}
              submit="Save changes"
            />
          </div>
        </div>
      ) : null}
    </>
  );
}
