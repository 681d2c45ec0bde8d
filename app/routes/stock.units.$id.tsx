import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { districtLabelOf } from "~/features/admin/districts.server";
import { today } from "~/lib/clock.server";
import { idParam, parseForm, parseId, readForm } from "~/lib/forms.server";
import { addOutOfService, cancelOutOfService, getUnit, retireUnit, unitCalendar } from "~/features/stock/stock.server";
import { outOfServiceSchema, prepareOutOfService, prepareRetire, retireSchema } from "~/features/stock/stock-forms.server";
import { BackLink, Button, ButtonLink, DateInput, SummaryList, Table, Tag, Textarea } from "~/lib/components/govuk";
import { ErrorSummaryWithClash } from "~/lib/components/clash";
import { PROVIDER_TYPES } from "~/lib/vocabulary";
import { can } from "~/lib/permissions";
import { addDays, dateFromParts, dateToParts, daysBetween, formatDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { standingOfUnits } from "~/features/standards/standards.server";
import { StandingTags } from "~/features/standards/standards-view";
import { asRefusal } from "~/lib/refusal";

export const handle = { title: (d: { unitRef?: string }) => `Unit ${d?.unitRef ?? ""}` };

const MAX_WINDOW_DAYS = 3 * 366;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "view:stock");
  const db = await getDb();
  const { unit, outOfService, rates } = await getUnit(db, parseId(params.id));
  const day = today(request);
  const sp = new URL(request.url).searchParams;
  const submitted = (n: string) => ({ day: sp.get(`${n}-day`) ?? "", month: sp.get(`${n}-month`) ?? "", year: sp.get(`${n}-year`) ?? "" });
  const part = (n: string) => dateFromParts(sp.get(`${n}-day`) ?? "", sp.get(`${n}-month`) ?? "", sp.get(`${n}-year`) ?? "");
  let from = addDays(day, -90),
    to = addDays(day, 30);
  // A refused window is shown as GOV.UK shows a refused form: the message on the date it is about, in the summary too.
  let windowError: { field: "from" | "to"; message: string } | null = null;
  if (sp.has("from-day")) {
    const f = part("from"),
      t = part("to");
    if (!f) windowError = { field: "from", message: "Enter a real date to show the calendar from, like 1 9 2026" };
    else if (!t) windowError = { field: "to", message: "Enter a real date to show the calendar up to, like 1 9 2026" };
    else if (t <= f) windowError = { field: "to", message: "The calendar's end date must be after its start date" };
    else if (daysBetween(f, t) > MAX_WINDOW_DAYS) windowError = { field: "to", message: "Show at most three years at a time" };
    else {
      from = f;
      to = t;
    }
  }
  const calendar = await unitCalendar(db, unit.id, { from, to }, { from: unit.in_use_from, retiredOn: unit.retired_on });
  const voidNights = calendar.reduce((n, c) => n + (c.kind === "void" ? c.nights : 0), 0);
  const standing = (await standingOfUnits(db, [unit.id], day)).get(unit.id)!;
  const districtName = await districtLabelOf(db, unit.district_gss);
  return {
    districtName,
    unitRef: unit.unit_ref,
    unit,
    standing,
    canEdit: can(user.role, "edit:stock"),
    providerType: PROVIDER_TYPES[unit.provider_type],
    window: {
      from: windowError ? submitted("from") : dateToParts(from),
      to: windowError ? submitted("to") : dateToParts(to),
      fromText: formatDate(from),
      toText: formatDate(to),
      error: windowError,
      nights: daysBetween(from, to),
    },
    voidNights,
    calendar: calendar.map((c, i) => ({
      ...c,
      key: `${c.kind}-${i}`,
      fromText: formatDate(c.from),
      toText: c.to ? formatDate(c.to) : "No end date",
    })),
    outOfService: outOfService.map((o) => ({
      id: o.id,
      start: formatDate(o.start_date),
      end: o.end_date ? formatDate(o.end_date) : "No end date",
      reason: o.reason,
      cancelled: !!o.cancelled_at,
    })),
    rates: rates.map((r) => ({ from: formatDate(r.effective_from), amount: `${formatPence(r.amount_pence)} a ${r.basis}` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request, "edit:stock");
  const unitId = parseId(params.id);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const db = await getDb();
  if (intent === "out-of-service") {
    const form = parseForm(formData, outOfServiceSchema, prepareOutOfService);
    if (!form.ok) return { intent, errors: form.errors, values: form.values, clash: null };
    try {
      await addOutOfService(db, actor.id, {
        unitId,
        startDate: form.data.start!,
        endDate: form.data.end,
        reason: form.data.reason,
      });
    } catch (e) {
      const r = asRefusal(e);
      return { intent, errors: r.errors(r.field === "endDate" ? "end" : "start"), values: form.values, clash: r.clash ?? null };
    }
    throw redirect(`/stock/units/${unitId}`);
  }
  if (intent === "cancel-out-of-service") {
    const id = idParam.safeParse(formData.get("outOfServiceId"));
    if (!id.success) return { intent, errors: { _form: "Choose an out-of-service period to cancel" }, values: {}, clash: null };
    try {
      await cancelOutOfService(db, actor.id, unitId, id.data);
    } catch (e) {
      return { intent, errors: asRefusal(e).errors("_form"), values: {}, clash: null };
    }
    throw redirect(`/stock/units/${unitId}`);
  }
  if (intent === "retire") {
    const form = parseForm(formData, retireSchema, prepareRetire);
    if (!form.ok) return { intent, errors: form.errors, values: form.values, clash: null };
    try {
      await retireUnit(db, actor.id, unitId, form.data.retiredOn!);
    } catch (e) {
      const r = asRefusal(e);
      return { intent, errors: r.errors("retiredOn"), values: form.values, clash: r.clash ?? null };
    }
    throw redirect(`/stock/units/${unitId}`);
  }
  return { intent, errors: { _form: "Choose what to do" }, values: {}, clash: null };
}

export default function UnitPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const u = d.unit;
  const v = (a?.values ?? {}) as Record<string, string>;
  const e = (a?.errors ?? {}) as Record<string, string | undefined>;
  const parts = (n: string) => ({ day: v[`${n}-day`] ?? "", month: v[`${n}-month`] ?? "", year: v[`${n}-year`] ?? "" });
  const shared = [u.shared_kitchen && "kitchen", u.shared_bathroom && "bathroom", u.shared_toilet && "toilet"].filter(Boolean).join(", ");
  return (
    <>
      <BackLink to={`/stock/properties/${u.property_id}`}>{u.property_name}</BackLink>
      <ErrorSummaryWithClash
        values={{ ...a?.values, from: d.window.from, to: d.window.to }}
        errors={d.window.error ? { ...a?.errors, [d.window.error.field]: d.window.error.message } : a?.errors}
        order={["from", "to", "start", "end", "reason", "retiredOn", "_form"]}
        clash={a?.clash}
        clashField={a?.intent === "retire" ? "retiredOn" : "start"}
        unitId={u.id}
      />
      <span className="govuk-caption-l">
        {u.property_name}, {u.town}
      </span>
      <h1 className="govuk-heading-l">
        Unit {u.unit_ref} {u.retired_on ? <Tag colour="grey">Retired from {formatDate(u.retired_on)}</Tag> : null}
      </h1>
      {d.canEdit ? (
        <ButtonLink secondary to={`/stock/units/${u.id}/edit`}>
          Change the unit's details
        </ButtonLink>
      ) : null}
      <SummaryList
        rows={[
          {
            key: "Standing today",
            value: (
              <>
                <StandingTags s={d.standing} />
                {d.standing.inspectedOn ? (
                  <p className="govuk-body-s govuk-!-margin-bottom-0">Inspected {formatDate(d.standing.inspectedOn)}</p>
                ) : null}
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  <Link className="govuk-link" to={`/stock/properties/${u.property_id}#inspections`}>
                    Inspections and certificates
                  </Link>
                </p>
              </>
            ),
          },
          { key: "Name", value: u.name || "None" },
          {
            key: "Property",
            value: (
              <Link className="govuk-link" to={`/stock/properties/${u.property_id}`}>
                {u.property_name}, {u.address_line_1}, {u.town} {u.postcode}
              </Link>
            ),
          },
          {
            key: "Provider",
            value: (
              <>
                <Link className="govuk-link" to={`/stock/providers/${u.provider_id}`}>
                  {u.provider_name}
                </Link>{" "}
                ({d.providerType})
              </>
            ),
          },
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
              </>
            ),
          },
          {
            key: "Size",
            value: `${u.bedrooms} ${u.bedrooms === 1 ? "bedroom" : "bedrooms"}, up to ${u.max_occupants} ${u.max_occupants === 1 ? "person" : "people"}`,
          },
          { key: "Shared facilities", value: shared || "None: self-contained" },
          { key: "Step-free access", value: u.step_free ? "Yes" : "No" },
          {
            key: "District",
            value: (
              <>
                {d.districtName}
                {u.out_of_district ? (
                  <>
                    {" "}
                    <Tag colour="purple">Out of district</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          { key: "In use from", value: u.in_use_from ? formatDate(u.in_use_from) : "Not recorded" },
          { key: "Current rate", value: d.rates[0] ? `${d.rates[0].amount} from ${d.rates[0].from}` : "No rate recorded" },
        ]}
      />

      <h2 className="govuk-heading-m">Calendar</h2>
      <Form method="get" noValidate className="govuk-!-margin-bottom-4">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <DateInput
              name="from"
              legend="Show from"
              value={d.window.from}
              error={d.window.error?.field === "from" ? d.window.error.message : undefined}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <DateInput
              name="to"
              legend="Up to (not including)"
              value={d.window.to}
              error={d.window.error?.field === "to" ? d.window.error.message : undefined}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Button secondary>Show calendar</Button>
          </div>
        </div>
      </Form>
      <p className="govuk-body">
        From {d.window.fromText} to {d.window.toText}: {d.voidNights} of {d.window.nights} nights empty (void).
      </p>
      <Table
        caption={`Bookings and voids, ${d.window.fromText} to ${d.window.toText}`}
        captionSize="s"
        rowKey={(c) => c.key}
        rows={d.calendar}
        empty="Nothing in this period: the unit was not in use."
        columns={[
          { header: "From", cell: (c) => c.fromText },
          { header: "To (check-out)", cell: (c) => c.toText },
          {
            header: "What",
            cell: (c) =>
              c.kind === "placement" ? (
                <>
                  Placement:{" "}
                  <Link className="govuk-link" to={`/households/${c.householdId}`}>
                    household {c.caseRef}
                  </Link>
                </>
              ) : c.kind === "out_of_service" ? (
                <>
                  <Tag colour="red">Out of service</Tag> {c.reason}
                </>
              ) : (
                <span className="waypoint-calendar-gap">
                  <Tag colour="yellow">Void</Tag> {c.nights} {c.nights === 1 ? "night" : "nights"} empty
                </span>
              ),
          },
        ]}
      />

      <Table
        caption="Out-of-service periods"
        rowKey={(o) => o.id}
        rows={d.outOfService}
        empty="The unit has never been out of service."
        columns={[
          { header: "From", cell: (o) => o.start },
          { header: "To", cell: (o) => o.end },
          {
            header: "Reason",
            cell: (o) => (
              <>
                {o.reason}
                {o.cancelled ? (
                  <>
                    {" "}
                    <Tag colour="grey">Cancelled</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          ...(d.canEdit
            ? [
                {
                  header: <span className="govuk-visually-hidden">Actions</span>,
                  cell: (o: (typeof d.outOfService)[number]) =>
                    o.cancelled ? null : (
                      <Form method="post" className="waypoint-inline-form">
                        <input type="hidden" name="intent" value="cancel-out-of-service" />
                        <input type="hidden" name="outOfServiceId" value={o.id} />
                        <button type="submit" className="waypoint-link-button">
                          Cancel<span className="govuk-visually-hidden"> the period from {o.start}</span>
                        </button>
                      </Form>
                    ),
                },
              ]
            : []),
        ]}
      />

      {d.canEdit ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Take the unit out of service</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="out-of-service" />
              <DateInput
                name="start"
                legend="Start date (first night unavailable)"
                error={e.start}
                value={a?.intent === "out-of-service" ? parts("start") : undefined}
              />
              <DateInput
                name="end"
                legend="End date (available again), if known"
                hint="Leave empty if not known"
                error={e.end}
                value={a?.intent === "out-of-service" ? parts("end") : undefined}
              />
              <Textarea
                name="reason"
                label="Reason"
                hint="For example, repairs after a leak"
                error={e.reason}
                defaultValue={a?.intent === "out-of-service" ? v.reason : undefined}
              />
              <Button secondary>Take out of service</Button>
            </Form>
            {u.retired_on ? null : (
              <>
                <h2 className="govuk-heading-m">Retire the unit</h2>
                <p className="govuk-body">
                  A retired unit is kept with its history but cannot be placed into from that date. Every placement must have ended by then.
                </p>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="retire" />
                  <DateInput
                    name="retiredOn"
                    legend="Retire from"
                    hint="The first night the unit is no longer used"
                    error={e.retiredOn}
                    value={a?.intent === "retire" ? parts("retiredOn") : undefined}
                  />
                  <Button warning>Retire unit</Button>
                </Form>
              </>
            )}
          </div>
        </div>
      ) : null}
    </>
  );
}
