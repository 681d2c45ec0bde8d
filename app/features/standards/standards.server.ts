/**
 * Homes fit to live in (issue 21): recording inspections (with the works they require),
 * compliance certificates, a provider's contacts and fit-and-proper checks, and reading a
 * unit's or a property's standing. Whether a unit is "do not use" or has an expired
 * certificate is decided in one place, unit_standards (db/definitions/unit-standards.ts);
 * this module reads it. Writes run in one transaction each and are audited.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { audit } from "~/lib/audit.server";
import { addDays, type IsoDate } from "~/lib/dates";
import type { CertificateKind, ComplaintKind, ComplaintOutcome, InspectionGrade, ProviderCheckOutcome } from "~/lib/vocabulary";
import { suitabilityReasonWords } from "~/features/placements/suitability";
import { Refusal } from "~/lib/refusal";

export interface InspectionInput {
  propertyId: number;
  unitId: number | null;
  inspectedOn: IsoDate;
  inspector: string;
  grade: InspectionGrade;
  findings: string;
  reinspectOn: IsoDate | null;
  works: { description: string; dueOn: IsoDate }[];
}

/** Checks the unit belongs to the property (the database's composite key refuses it too). */
async function unitOfProperty(trx: Conn, propertyId: number, unitId: number | null): Promise<boolean> {
  if (unitId === null) return true;
  const u = await trx.selectFrom("units").select("id").where("id", "=", unitId).where("property_id", "=", propertyId).executeTakeFirst();
  return !!u;
}

export async function recordInspection(db: Kysely<DB>, actorId: number | null, input: InspectionInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const property = await trx.selectFrom("properties").select("id").where("id", "=", input.propertyId).executeTakeFirst();
    if (!property) throw new Response("Not Found", { status: 404 });
    if (!(await unitOfProperty(trx, input.propertyId, input.unitId)))
      throw new Refusal("unit", "Choose the whole property or one of its units");
    const row = await trx
      .insertInto("inspections")
      .values({
        property_id: input.propertyId,
        unit_id: input.unitId,
        inspected_on: input.inspectedOn,
        inspector: input.inspector,
        grade: input.grade,
        findings: input.findings,
        reinspect_on: input.reinspectOn,
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const works = input.works.length
      ? await trx
          .insertInto("inspection_works")
          .values(input.works.map((w) => ({ inspection_id: row.id, description: w.description, due_on: w.dueOn })))
          .returningAll()
          .execute()
      : [];
    await audit(trx, { userId: actorId, action: "record", entity: "inspection", entityId: row.id, after: { ...row, works } });
    return row.id;
  });
}

export async function completeWorks(
  db: Kysely<DB>,
  actorId: number | null,
  propertyId: number,
  worksId: number,
  completedOn: IsoDate,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("inspection_works as w")
      .innerJoin("inspections as i", "i.id", "w.inspection_id")
      .selectAll("w")
      .select("i.inspected_on")
      .where("w.id", "=", worksId)
      .where("i.property_id", "=", propertyId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new Refusal("_form", "Choose works required at this property");
    if (before.completed_on) throw new Refusal("_form", "These works are already recorded as completed");
    if (completedOn < before.inspected_on)
      throw new Refusal("completed", "The works cannot be completed before the inspection that required them");
    const row = await trx
      .updateTable("inspection_works")
      .set({ completed_on: completedOn })
      .where("id", "=", worksId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "complete", entity: "inspection_works", entityId: worksId, before, after: row });
    return worksId;
  });
}

export interface CertificateInput {
  propertyId: number;
  unitId: number | null;
  kind: CertificateKind;
  issuedOn: IsoDate;
  expiresOn: IsoDate;
  reference: string;
}

export async function recordCertificate(db: Kysely<DB>, actorId: number | null, input: CertificateInput): Promise<number> {
  if (input.expiresOn <= input.issuedOn) throw new Refusal("expires", "The expiry date must be after the issue date");
  return db.transaction().execute(async (trx) => {
    const property = await trx.selectFrom("properties").select("id").where("id", "=", input.propertyId).executeTakeFirst();
    if (!property) throw new Response("Not Found", { status: 404 });
    if (!(await unitOfProperty(trx, input.propertyId, input.unitId)))
      throw new Refusal("unit", "Choose the whole property or one of its units");
    const row = await trx
      .insertInto("certificates")
      .values({
        property_id: input.propertyId,
        unit_id: input.unitId,
        kind: input.kind,
        issued_on: input.issuedOn,
        expires_on: input.expiresOn,
        reference: input.reference || null,
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "record", entity: "certificate", entityId: row.id, after: row });
    return row.id;
  });
}

export async function setHmoLicenceRequired(db: Kysely<DB>, actorId: number | null, propertyId: number, required: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("properties").selectAll().where("id", "=", propertyId).forUpdate().executeTakeFirst();
    if (!before) throw new Response("Not Found", { status: 404 });
    const after = await trx
      .updateTable("properties")
      .set({ hmo_licence_required: required })
      .where("id", "=", propertyId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "edit", entity: "property", entityId: propertyId, before, after });
  });
}

export interface ProviderCheckInput {
  providerId: number;
  checkedOn: IsoDate;
  outcome: ProviderCheckOutcome;
  checkedBy: string;
  note: string;
  nextDueOn: IsoDate | null;
}

export async function recordProviderCheck(db: Kysely<DB>, actorId: number | null, input: ProviderCheckInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const provider = await trx.selectFrom("providers").select("id").where("id", "=", input.providerId).executeTakeFirst();
    if (!provider) throw new Response("Not Found", { status: 404 });
    const row = await trx
      .insertInto("provider_checks")
      .values({
        provider_id: input.providerId,
        checked_on: input.checkedOn,
        outcome: input.outcome,
        checked_by: input.checkedBy,
        note: input.note,
        next_due_on: input.nextDueOn,
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "record", entity: "provider_check", entityId: row.id, after: row });
    return row.id;
  });
}

export async function addProviderContact(
  db: Kysely<DB>,
  actorId: number | null,
  providerId: number,
  c: { name: string; role: string; email: string; phone: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const provider = await trx.selectFrom("providers").select("id").where("id", "=", providerId).executeTakeFirst();
    if (!provider) throw new Response("Not Found", { status: 404 });
    const row = await trx
      .insertInto("provider_contacts")
      .values({ provider_id: providerId, name: c.name, role: c.role, email: c.email || null, phone: c.phone || null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "create", entity: "provider_contact", entityId: row.id, after: row });
    return row.id;
  });
}

// ---------------------------------------------------------------------------
// Reading a unit's and a property's standing (unit_standards, the one definition)

export interface UnitStanding {
  grade: string | null;
  inspectedOn: string | null;
  doNotUse: { code: string; message: string }[];
  expired: { code: string; message: string }[];
}

const words = (codes: string[]) => codes.map((code) => ({ code, message: suitabilityReasonWords(code) }));

/** unit_standards for each of these units on a date. */
export async function standingOfUnits(db: Conn, unitIds: number[], on: IsoDate): Promise<Map<number, UnitStanding>> {
  const out = new Map<number, UnitStanding>();
  if (unitIds.length === 0) return out;
  const rows = await sql<{ id: number; grade: string | null; inspected_on: string | null; do_not_use: string[]; expired: string[] }>`
    SELECT u.id, st.grade, st.inspected_on, st.do_not_use, st.expired
    FROM units u JOIN properties p ON p.id = u.property_id
    CROSS JOIN LATERAL unit_standards(u.id, u.property_id, p.hmo_licence_required, ${on}::date) st
    WHERE u.id = ANY(${unitIds}::bigint[])`.execute(db);
  for (const r of rows.rows)
    out.set(Number(r.id), { grade: r.grade, inspectedOn: r.inspected_on, doNotUse: words(r.do_not_use), expired: words(r.expired) });
  return out;
}

/** A property's inspections (newest first, with their works) and certificates (newest expiry first). */
export async function propertyStandards(db: Conn, propertyId: number) {
  const inspections = await db
    .selectFrom("inspections as i")
    .leftJoin("units as u", "u.id", "i.unit_id")
    .select(["i.id", "i.inspected_on", "i.inspector", "i.grade", "i.findings", "i.reinspect_on", "i.unit_id", "u.unit_ref"])
    .where("i.property_id", "=", propertyId)
    .orderBy("i.inspected_on", "desc")
    .orderBy("i.id", "desc")
    .limit(200)
    .execute();
  const works = inspections.length
    ? await db
        .selectFrom("inspection_works")
        .selectAll()
        .where(
          "inspection_id",
          "in",
          inspections.map((i) => i.id),
        )
        .orderBy("due_on")
        .orderBy("id")
        .execute()
    : [];
  const certificates = await db
    .selectFrom("certificates as c")
    .leftJoin("units as u", "u.id", "c.unit_id")
    .select(["c.id", "c.kind", "c.issued_on", "c.expires_on", "c.reference", "c.unit_id", "u.unit_ref"])
    .where("c.property_id", "=", propertyId)
    .orderBy("c.expires_on", "desc")
    .orderBy("c.id", "desc")
    .limit(200)
    .execute();
  // Complaints asking for an inspection of a unit of the property, made after its latest inspection
  // (of the whole property, or of that unit): a complaint can trigger an inspection (issue 21, item 5).
  const asks = await sql<{ id: number; kind: string; received_on: string; details: string; unit_ref: string }>`
    SELECT c.id, c.kind, c.received_on, c.details, u.unit_ref
    FROM complaints c JOIN placements pl ON pl.id = c.placement_id JOIN units u ON u.id = pl.unit_id
    WHERE u.property_id = ${propertyId} AND c.inspection_requested
      AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.property_id = ${propertyId} AND (i.unit_id IS NULL OR i.unit_id = u.id)
                        AND i.inspected_on >= c.received_on)
    ORDER BY c.received_on, c.id
    LIMIT 100`.execute(db);
  return {
    inspections: inspections.map((i) => ({ ...i, works: works.filter((w) => w.inspection_id === i.id) })),
    certificates,
    inspectionAsks: asks.rows,
  };
}

/**
 * The managers' list: each certificate still the latest of its kind for its property (or
 * unit) that has expired or expires within `days` days of `today`, for properties with a
 * unit in use; soonest first.
 */
export async function expiringCertificates(db: Conn, today: IsoDate, days = 30) {
  const until = addDays(today, days);
  const rows = await sql<{
    id: number;
    kind: CertificateKind;
    issued_on: string;
    expires_on: string;
    reference: string | null;
    property_id: number;
    property_name: string;
    unit_ref: string | null;
    provider_id: number;
    provider_name: string;
    units_in_use: number;
  }>`
    SELECT c.id, c.kind, c.issued_on, c.expires_on, c.reference, p.id AS property_id, p.name AS property_name, u.unit_ref,
           pr.id AS provider_id, pr.name AS provider_name,
           (SELECT count(*)::int FROM units x WHERE x.property_id = p.id AND (c.unit_id IS NULL OR x.id = c.unit_id)
              AND (x.retired_on IS NULL OR x.retired_on > ${today}::date)) AS units_in_use
    FROM (SELECT DISTINCT ON (property_id, coalesce(unit_id, 0), kind) * FROM certificates
          WHERE issued_on <= ${today}::date
          ORDER BY property_id, coalesce(unit_id, 0), kind, expires_on DESC, id DESC) c
    JOIN properties p ON p.id = c.property_id
    JOIN providers pr ON pr.id = p.provider_id
    LEFT JOIN units u ON u.id = c.unit_id
    WHERE c.expires_on <= ${until}::date
    ORDER BY c.expires_on, p.name, c.kind
    LIMIT 5000`.execute(db);
  return rows.rows.filter((r) => r.units_in_use > 0).map((r) => ({ ...r, expired: r.expires_on < today }));
}

// ---------------------------------------------------------------------------
// Complaints a household makes about its placement, recorded by an officer (issue 21, item 5)

export interface ComplaintInput {
  householdId: number;
  placementId: number;
  kind: ComplaintKind;
  receivedOn: IsoDate;
  details: string;
  outcome: ComplaintOutcome;
  outcomeOn: IsoDate | null;
  outcomeNote: string;
  inspectionRequested: boolean;
}

export async function recordComplaint(db: Kysely<DB>, actorId: number | null, input: ComplaintInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom("placements")
      .select(["id", "household_id", "start_date", "cancelled_at"])
      .where("id", "=", input.placementId)
      .executeTakeFirst();
    if (!p || p.household_id !== input.householdId || p.cancelled_at) throw new Response("Not Found", { status: 404 });
    if (input.receivedOn < p.start_date) throw new Refusal("received", "The complaint cannot be made before the placement started");
    const row = await trx
      .insertInto("complaints")
      .values({
        placement_id: input.placementId,
        kind: input.kind,
        received_on: input.receivedOn,
        details: input.details,
        outcome: input.outcome,
        outcome_on: input.outcome === "open" ? null : input.outcomeOn,
        outcome_note: input.outcomeNote,
        inspection_requested: input.inspectionRequested,
        recorded_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: "record",
      entity: "complaint",
      entityId: row.id,
      householdId: input.householdId,
      after: row,
    });
    return row.id;
  });
}

export async function decideComplaint(
  db: Kysely<DB>,
  actorId: number | null,
  householdId: number,
  placementId: number,
  complaintId: number,
  d: { outcome: Exclude<ComplaintOutcome, "open">; outcomeOn: IsoDate; outcomeNote: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("complaints as c")
      .innerJoin("placements as p", "p.id", "c.placement_id")
      .selectAll("c")
      .select("p.household_id")
      .where("c.id", "=", complaintId)
      .forUpdate()
      .executeTakeFirst();
    if (!before || before.placement_id !== placementId || before.household_id !== householdId)
      throw new Refusal("_form", "Choose a complaint about this placement");
    if (before.outcome !== "open") throw new Refusal("_form", "This complaint already has an outcome");
    if (d.outcomeOn < before.received_on) throw new Refusal("decidedOn", "The outcome must be on or after the date the complaint was made");
    const row = await trx
      .updateTable("complaints")
      .set({ outcome: d.outcome, outcome_on: d.outcomeOn, outcome_note: d.outcomeNote })
      .where("id", "=", complaintId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, { userId: actorId, action: "decide", entity: "complaint", entityId: complaintId, householdId, before, after: row });
    return complaintId;
  });
}

export const placementComplaints = (db: Conn, placementId: number) =>
  db
    .selectFrom("complaints")
    .select(["id", "kind", "received_on", "details", "outcome", "outcome_on", "outcome_note", "inspection_requested"])
    .where("placement_id", "=", placementId)
    .orderBy("received_on", "desc")
    .orderBy("id", "desc")
    .limit(200)
    .execute();
