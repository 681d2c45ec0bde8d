import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, formValues } from "~/lib/forms.server";
import { findUnits } from "~/features/placements/find-unit.server";
import { findUnitSchema, prepareFindUnit, startValues } from "~/features/stock/stock-forms.server";
import {
  BackLink,
  Button,
  DateInput,
  ErrorSummary,
  Input,
  Pagination,
  Radios,
  Select,
  Checkboxes,
  Tag,
  WarningText,
} from "~/lib/components/govuk";
import { addDays, formatDate, maxDate } from "~/lib/dates";
import { formatPence } from "~/features/money/money";
import { estimateStayCosts, stayCostText } from "~/features/money/cost.server";

export const handle = {
  title: (d: { errors?: unknown; caseRef?: string }) => `${d?.errors ? "Error: " : ""}Find a unit${d?.caseRef ? ` for ${d.caseRef}` : ""}`,
};

const TYPE = {
  couple_with_children: "couple with children",
  single_parent: "single parent",
  single_adult: "single adult",
  couple_no_children: "couple without children",
  other: "other household",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:placements");
  const db = await getDb();
  const householdId = parseId(params.id);
  const household = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", householdId).executeTakeFirst();
  if (!household) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const transferParam = url.searchParams.get("transfer");
  let transfer: { id: number; start: string; end: string | null; unitRef: string } | null = null;
  if (transferParam !== null) {
    const pid = parseId(transferParam);
    const p = await db
      .selectFrom("placements as p")
      .innerJoin("units as u", "u.id", "p.unit_id")
      .select(["p.id", "p.start_date", "p.end_date", "p.household_id", "p.cancelled_at", "u.unit_ref"])
      .where("p.id", "=", pid)
      .executeTakeFirst();
    if (!p || p.household_id !== householdId || p.cancelled_at) throw new Response("Not Found", { status: 404 });
    transfer = { id: p.id, start: p.start_date, end: p.end_date, unitRef: p.unit_ref };
  }
  const day = today(request);
  const fd = new FormData();
  const submitted = url.searchParams.has("start-day");
  // A transfer moves on a night after the placement began: today, or the day after a placement that starts today or later.
  const firstDay = transfer ? maxDate(day, addDays(transfer.start, 1)) : day;
  const raw: Record<string, string> = submitted ? Object.fromEntries(url.searchParams) : startValues(firstDay);
  for (const [k, v] of Object.entries(raw)) fd.set(k, v);
  const values = formValues(fd);
  const taTypes = await db.selectFrom("ta_types").select(["code", "name"]).orderBy("sort_order").execute();
  const form = parseForm(fd, findUnitSchema, prepareFindUnit);
  if (!form.ok) return { caseRef: household.case_ref, householdId, transfer, values, taTypes, errors: form.errors, result: null };
  const f = form.data;
  const start = f.start!;
  const result = await findUnits(db, householdId, {
    start,
    nights: f.nights,
    taType: taTypes.some((t) => t.code === f.type) ? f.type : null,
    district: f.district,
    stepFreeOnly: f.stepfree,
    page: f.page,
  });
  // Cost where the decision is made: gross, estimated subsidy and net for the stay
  // (four weeks when it is open-ended), from the money rules.
  const estimateNights = f.nights ?? 28;
  const estimates = await estimateStayCosts(db, { unitIds: result.units.map((u) => u.id), start, nights: estimateNights });
  const query = new URLSearchParams(Object.entries(values).filter(([k]) => k !== "page"));
  return {
    caseRef: household.case_ref,
    householdId,
    transfer,
    values,
    taTypes,
    errors: null,
    result: {
      start,
      startText: formatDate(start),
      end: result.end,
      endText: result.end ? formatDate(result.end) : null,
      nights: f.nights,
      total: result.total,
      more: result.more,
      pages: result.pages,
      page: f.page,
      query: query.toString(),
      needs: result.needs,
      units: result.units.map((u) => ({
        ...u,
        gradeText: u.grade && u.inspectedOn ? `Grade ${u.grade}, inspected ${formatDate(u.inspectedOn)}` : "Not inspected",
        netText: stayCostText(estimates.get(u.id), estimateNights, f.nights === null),
        costText: u.rate
          ? u.rate.basis === "week"
            ? `${formatPence(u.rate.perNightPence)} a night (${formatPence(u.rate.amountPence)} a week)`
            : `${formatPence(u.rate.amountPence)} a night`
          : "No rate recorded",
      })),
    },
  };
}

type Other = { householdId: number; caseRef: string; unitRef: string; type: keyof typeof TYPE; adults: number; children: number };

function Others({ list }: { list: Other[] }) {
  return (
    <ul className="govuk-list">
      {list.map((o) => (
        <li key={o.householdId}>
          <Link className="govuk-link" to={`/households/${o.householdId}`}>
            {o.caseRef}
          </Link>{" "}
          in {o.unitRef}: {TYPE[o.type]}, {o.adults} {o.adults === 1 ? "adult" : "adults"}, {o.children}{" "}
          {o.children === 1 ? "child" : "children"}
        </li>
      ))}
    </ul>
  );
}

export default function FindUnit() {
  const d = useLoaderData<typeof loader>();
  const v = d.values;
  const r = d.result;
  const placeHref = (unitId: number) =>
    d.transfer
      ? `/households/${d.householdId}/placements/${d.transfer.id}/transfer?${new URLSearchParams({ unit: String(unitId), date: r!.start })}`
      : `/households/${d.householdId}/place?${new URLSearchParams({ unit: String(unitId), start: r!.start, ...(r!.end ? { end: r!.end } : {}) })}`;
  return (
    <>
      <BackLink to={`/households/${d.householdId}`}>Household {d.caseRef}</BackLink>
      <ErrorSummary values={d.values} errors={d.errors ?? undefined} order={["start", "nights"]} />
      <span className="govuk-caption-l">Household {d.caseRef}</span>
      <h1 className="govuk-heading-l">{d.transfer ? "Find a unit to transfer to" : "Find a unit"}</h1>
      {d.transfer ? (
        <p className="govuk-body">
          The household is in unit {d.transfer.unitRef} from {formatDate(d.transfer.start)}. Choose the unit they move to; the move date is
          the start date below.
        </p>
      ) : null}
      <Form method="get" noValidate>
        {d.transfer ? <input type="hidden" name="transfer" value={d.transfer.id} /> : null}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput
              name="start"
              legend={d.transfer ? "Date of the move" : "Start date"}
              hint="The first night, for example 23 11 2026"
              error={d.errors?.start}
              value={{ day: v["start-day"] ?? "", month: v["start-month"] ?? "", year: v["start-year"] ?? "" }}
            />
            <Input
              name="nights"
              label="Expected nights"
              hint="Leave empty if the stay is open-ended"
              width="4"
              inputMode="numeric"
              defaultValue={v.nights}
              error={d.errors?.nights}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="type"
              label="Type of accommodation"
              defaultValue={v.type ?? ""}
              options={[{ value: "", label: "Any type" }, ...d.taTypes.map((t) => ({ value: t.code, label: t.name }))]}
            />
            <Radios
              name="district"
              legend="Where"
              small
              inline
              defaultValue={v.district ?? "any"}
              choices={[
                { value: "any", label: "Anywhere" },
                { value: "in", label: "In district" },
                { value: "out", label: "Out of district" },
              ]}
            />
            <Checkboxes
              name="stepfree"
              legend="Access"
              small
              defaultValues={v.stepfree ? [v.stepfree] : []}
              choices={[{ value: "yes", label: "Step-free only" }]}
            />
          </div>
        </div>
        <Button>Search</Button>
      </Form>
      {r ? (
        <>
          <h2 className="govuk-heading-m">
            {r.more ? "More than " : ""}
            {r.total.toLocaleString("en-GB")} {r.total === 1 && !r.more ? "unit" : "units"} free from {r.startText}
            {r.endText ? ` to ${r.endText}` : ", open-ended"}
          </h2>
          <p className="govuk-body">
            The household needs {r.needs.bedroomNeed} {r.needs.bedroomNeed === 1 ? "bedroom" : "bedrooms"} for {r.needs.occupants}{" "}
            {r.needs.occupants === 1 ? "person" : "people"}
            {r.needs.familyForBnbRule ? "; it is a family, so B&B only in an emergency and for no more than 6 weeks" : ""}
            {r.needs.leadAged16or17 ? "; the applicant is 16 or 17, so B&B is unsuitable" : ""}
            {r.needs.stepFreeNeeded ? "; step-free access is needed" : ""}. Most suitable first, then cheapest.
          </p>
          {r.units.length === 0 ? (
            <p className="govuk-body">
              No unit is free for the whole stay with these filters. Try another start date, a shorter stay or fewer filters.
            </p>
          ) : null}
          {r.units.map((u) => {
            const s = u.suitability;
            return (
              <div className="govuk-summary-card" key={u.id}>
                <div className="govuk-summary-card__title-wrapper">
                  <h3 className="govuk-summary-card__title">
                    Unit {u.unitRef}{" "}
                    {!s.placeable ? (
                      <Tag colour="red">Cannot place</Tag>
                    ) : s.doNotUse.length ? (
                      <Tag colour="red">Do not use</Tag>
                    ) : s.warnings.length ? (
                      <Tag colour="orange">Unsuitable</Tag>
                    ) : (
                      <Tag colour="green">Suitable</Tag>
                    )}
                  </h3>
                  {s.placeable ? (
                    <ul className="govuk-summary-card__actions">
                      <li className="govuk-summary-card__action">
                        <Link className="govuk-link" to={placeHref(u.id)}>
                          {d.transfer ? "Transfer here" : "Place here"}
                          <span className="govuk-visually-hidden"> (unit {u.unitRef})</span>
                        </Link>
                      </li>
                    </ul>
                  ) : null}
                </div>
                <div className="govuk-summary-card__content">
                  <dl className="govuk-summary-list">
                    {s.hard.length + s.doNotUse.length + s.warnings.length > 0 ? (
                      <div className="govuk-summary-list__row">
                        <dt className="govuk-summary-list__key">Why not suitable</dt>
                        <dd className="govuk-summary-list__value">
                          <ul className="govuk-list">
                            {[...s.hard, ...s.doNotUse, ...s.warnings].map((w) => (
                              <li key={w.code}>{w.message}</li>
                            ))}
                          </ul>
                        </dd>
                      </div>
                    ) : null}
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Where</dt>
                      <dd className="govuk-summary-list__value">
                        {u.propertyName}
                        {u.name ? `, ${u.name}` : ""}, {u.town} ({u.providerName})
                        {u.outOfDistrict ? (
                          <>
                            {" "}
                            <Tag colour="purple">Out of district</Tag>
                          </>
                        ) : null}
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Type</dt>
                      <dd className="govuk-summary-list__value">
                        {u.taType}
                        {u.isBnb ? (
                          <>
                            {" "}
                            <Tag colour="orange">B&amp;B</Tag>
                          </>
                        ) : null}
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Inspection</dt>
                      <dd className="govuk-summary-list__value">{u.gradeText}</dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Size</dt>
                      <dd className="govuk-summary-list__value">
                        {u.bedrooms} {u.bedrooms === 1 ? "bedroom" : "bedrooms"}, up to {u.maxOccupants}{" "}
                        {u.maxOccupants === 1 ? "person" : "people"}
                        {u.stepFree ? ", step-free" : ""}
                      </dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Cost on {r.startText}</dt>
                      <dd className="govuk-summary-list__value">{u.costText}</dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Estimated net cost to the council</dt>
                      <dd className="govuk-summary-list__value">{u.netText}</dd>
                    </div>
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Others in the property that night</dt>
                      <dd className="govuk-summary-list__value">
                        {u.sameProperty.length === 0 ? (
                          "Nobody else"
                        ) : u.sameProperty.length <= 5 ? (
                          <Others list={u.sameProperty} />
                        ) : (
                          <details className="govuk-details govuk-!-margin-bottom-0">
                            <summary className="govuk-details__summary">
                              <span className="govuk-details__summary-text">{u.sameProperty.length} other households</span>
                            </summary>
                            <div className="govuk-details__text">
                              <Others list={u.sameProperty} />
                            </div>
                          </details>
                        )}
                      </dd>
                    </div>
                  </dl>
                  {!s.placeable ? <WarningText>This unit cannot take the household.</WarningText> : null}
                </div>
              </div>
            );
          })}
          <Pagination page={r.page} pages={r.pages} href={(p) => `?${r.query}&page=${p}`} />
        </>
      ) : null}
    </>
  );
}
