/**
 * Letters sent from a case (issue 20, item 3; migration 0070; ADR 0036). The council edits
 * a template per kind of letter (every save a new version); an officer sends a letter from
 * the case: the template is filled in with the case's values and kept, whole, as sent. A
 * letter whose case lacks a value its template uses is refused naming the field, and nothing
 * is saved. Sending is audited; opening a letter is logged as a view.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { Conn } from "~/lib/db/connect";
import { audit, recordView } from "~/lib/audit.server";
import { Refusal } from "~/lib/refusal";
import { isUniqueViolation } from "~/lib/db/errors";
import { addDays, formatDate, type IsoDate } from "~/lib/dates";
import { DUTIES, MOVE_ON_PATHWAYS, type Role } from "~/lib/vocabulary";
import { can } from "~/lib/permissions";
import { S202_REQUEST_WINDOW_DAYS } from "~/features/casework/rules";
import { leadApplicant, memberAge, occupantCount } from "~/features/households/household";
import { toDomainMember } from "~/features/households/households.server";
import { checkTemplate, LETTER_KINDS, NEEDS_PLACEMENT, renderLetter, type FieldValues, type LetterKind } from "./fields";

function inTransaction<T>(db: Conn, fn: (trx: Conn) => Promise<T>): Promise<T> {
  if ((db as { isTransaction?: boolean }).isTransaction) return fn(db);
  return (db as Kysely<DB>).transaction().execute(fn);
}

// ---------------------------------------------------------------------------
// Templates

export interface Template {
  kind: LetterKind;
  version: number;
  body: string;
  savedAt: Date;
  savedBy: string | null;
}

/** The current (latest) version of each kind's template. */
export async function currentTemplates(db: Conn): Promise<Template[]> {
  const rows = await db
    .selectFrom("letter_templates as t")
    .leftJoin("users as u", "u.id", "t.saved_by")
    .select(["t.kind", "t.version", "t.body", "t.saved_at", "u.name as saved_by_name"])
    .where(({ eb, selectFrom }) =>
      eb(
        "t.version",
        "=",
        selectFrom("letter_templates as l")
          .select(({ fn }) => fn.max("l.version").as("v"))
          .whereRef("l.kind", "=", "t.kind"),
      ),
    )
    .execute();
  const order = Object.keys(LETTER_KINDS);
  return rows
    .map((r) => ({ kind: r.kind, version: r.version, body: r.body, savedAt: r.saved_at, savedBy: r.saved_by_name }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

export async function currentTemplate(db: Conn, kind: LetterKind): Promise<Template> {
  const t = (await currentTemplates(db)).find((x) => x.kind === kind);
  if (!t) throw new Response("Not Found", { status: 404 });
  return t;
}

/**
 * Saves a new version of a kind's template, audited. Refused (nothing saved): a field the kind
 * does not have, broken braces, a field the kind must use left out, or a version saved by
 * someone else since `basedOn` (the version the editor started from).
 */
export async function saveTemplate(db: Conn, actorId: number, kind: LetterKind, body: string, basedOn: number): Promise<number> {
  checkTemplate(kind, body);
  try {
    return await inTransaction(db, async (trx) => {
      const before = await currentTemplate(trx, kind);
      if (before.version !== basedOn)
        throw new Refusal(
          "body",
          `Someone saved this template (version ${before.version}) after you opened it: open it again to see their text before changing it`,
        );
      if (before.body === body) throw new Refusal("body", "The text is the same as the version already saved: change it, or go back");
      const version = before.version + 1;
      await trx.insertInto("letter_templates").values({ kind, version, body, saved_by: actorId }).execute();
      await audit(trx, {
        userId: actorId,
        action: "edit",
        entity: "letter_template",
        entityId: kind,
        before: { name: LETTER_KINDS[kind], version: before.version, body: before.body },
        after: { name: LETTER_KINDS[kind], version, body },
      });
      return version;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new Refusal("body", "Someone saved this template at the same moment: open it again to see their text");
    throw e;
  }
}

// ---------------------------------------------------------------------------
// A case's values

export interface PlacementChoice {
  id: number;
  label: string;
  outOfDistrict: boolean;
}

/** The household's placements a letter may be about (not cancelled), latest first. */
export async function placementChoices(db: Conn, householdId: number): Promise<PlacementChoice[]> {
  const rows = await db
    .selectFrom("placements as p")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .innerJoin("properties as pr", "pr.id", "u.property_id")
    .innerJoin("unit_facts as f", "f.unit_id", "u.id")
    .select(["p.id", "p.start_date", "p.end_date", "u.unit_ref", "pr.name as property_name", "f.out_of_district"])
    .where("p.household_id", "=", householdId)
    .where("p.cancelled_at", "is", null)
    .orderBy("p.start_date", "desc")
    .orderBy("p.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: `Unit ${r.unit_ref}, ${r.property_name}: from ${formatDate(r.start_date)}${r.end_date ? ` to ${formatDate(r.end_date)}` : ""}`,
    outOfDistrict: !!r.out_of_district,
  }));
}

const REL = { lead: "lead applicant", partner: "partner", child: "child", other_adult: "other adult" } as const;

export interface LetterRequest {
  householdId: number;
  kind: LetterKind;
  /** The placement the letter is about (ignored for a move-on offer). */
  placementId: number | null;
  /** The date on the letter: today in Europe/London. */
  letterDate: IsoDate;
  officerName: string;
  councilName: string;
}

/** The case's value for every field of the kind (null where it has none), and who the letter goes to by default. */
export async function letterValues(
  db: Conn,
  r: LetterRequest,
): Promise<{ values: FieldValues; placementId: number | null; sentTo: string }> {
  const h = await db.selectFrom("households").select(["id", "case_ref"]).where("id", "=", r.householdId).executeTakeFirst();
  if (!h) throw new Response("Not Found", { status: 404 });
  const members = await db
    .selectFrom("household_members")
    .selectAll()
    .where("household_id", "=", r.householdId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const dm = members.map(toDomainMember);
  const lead = leadApplicant(dm);
  const values: FieldValues = {
    "council.name": r.councilName,
    "letter.date": formatDate(r.letterDate),
    "officer.name": r.officerName,
    "household.case_ref": h.case_ref,
    "household.lead_name": lead?.name ?? null,
    "review.deadline": formatDate(addDays(r.letterDate, S202_REQUEST_WINDOW_DAYS - 1)),
  };
  let sentTo = lead?.name ?? "";
  let placementId: number | null = null;
  if (NEEDS_PLACEMENT[r.kind]) {
    if (r.placementId === null) throw new Refusal("placement", "Select the placement the letter is about");
    const p = await db
      .selectFrom("placements as p")
      .innerJoin("units as u", "u.id", "p.unit_id")
      .innerJoin("properties as pr", "pr.id", "u.property_id")
      .innerJoin("providers as v", "v.id", "pr.provider_id")
      .innerJoin("unit_facts as f", "f.unit_id", "u.id")
      .leftJoin("districts as d", "d.gss", "f.district_gss")
      .select([
        "p.id",
        "p.start_date",
        "p.end_date",
        "p.duty",
        "p.cancelled_at",
        "u.unit_ref",
        "u.name as unit_name",
        "pr.name as property_name",
        (eb) => eb.fn.coalesce("u.address_line_1", "pr.address_line_1").as("address_line_1"),
        (eb) => eb.fn.coalesce("u.town", "pr.town").as("town"),
        (eb) => eb.fn.coalesce("u.postcode", "pr.postcode").as("postcode"),
        "v.name as provider_name",
        "v.email as provider_email",
        "f.out_of_district",
        "d.name as district_name",
        "d.council as district_council",
        "d.notice_address",
        "d.notice_email",
      ])
      .where("p.id", "=", r.placementId)
      .where("p.household_id", "=", r.householdId)
      .executeTakeFirst();
    if (!p) throw new Refusal("placement", "Select one of the household's placements");
    if (p.cancelled_at) throw new Refusal("placement", "That booking was cancelled: select a placement that was not");
    if (r.kind === "s208_notice" && p.out_of_district === false)
      throw new Refusal("placement", `Unit ${p.unit_ref} is in the council's own district: no notice to another council (s208) is needed`);
    placementId = p.id;
    const on = p.start_date;
    Object.assign(values, {
      "household.people": String(occupantCount(dm, on)),
      "household.members": members.length
        ? members
            .map((m, i) => {
              const age = memberAge(dm[i], on);
              return `${m.name}, ${REL[m.relationship]}${age !== null && age >= 0 ? `, aged ${age}` : ""}${m.pregnant ? ", pregnant" : ""}`;
            })
            .join("\n")
        : null,
      "placement.address": [...new Set([p.unit_name, p.property_name, p.address_line_1, p.town, p.postcode].filter(Boolean))].join("\n"),
      "placement.unit_ref": p.unit_ref,
      "placement.start_date": formatDate(p.start_date),
      "placement.end_date": p.end_date ? formatDate(p.end_date) : null,
      "placement.duty": DUTIES[p.duty],
      "provider.name": p.provider_name,
      "district.name": p.district_name,
      "district.council": p.district_council,
      "district.notice_address": p.notice_address,
    } satisfies FieldValues);
    if (r.kind === "booking_confirmation") sentTo = [p.provider_name, p.provider_email].filter(Boolean).join(", ");
    if (r.kind === "s208_notice") sentTo = [p.district_council, p.notice_email].filter(Boolean).join(", ");
  } else {
    const plan = await db
      .selectFrom("move_on_plans")
      .select(["pathway", "target_date"])
      .where("household_id", "=", r.householdId)
      .executeTakeFirst();
    values["move_on.pathway"] = plan ? MOVE_ON_PATHWAYS[plan.pathway] : null;
    values["move_on.target_date"] = plan ? formatDate(plan.target_date) : null;
  }
  return { values, placementId, sentTo };
}

export interface PreparedLetter {
  kind: LetterKind;
  placementId: number | null;
  templateVersion: number;
  body: string;
  sentTo: string;
}

/** The letter filled in for the case, as it would be sent; refused naming any field the case has no value for. */
export async function prepareLetter(db: Conn, r: LetterRequest): Promise<PreparedLetter> {
  const template = await currentTemplate(db, r.kind);
  const { values, placementId, sentTo } = await letterValues(db, r);
  return { kind: r.kind, placementId, templateVersion: template.version, body: renderLetter(r.kind, template.body, values), sentTo };
}

export const MAX_SENT_TO = 500;

/** A short fingerprint of a text: the letter (or template) an officer was shown, to send (or save) only that. */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/**
 * Sends a letter: fills in the current template from the case and keeps the whole text as
 * sent, in one transaction with its audit entry. Refused, saving nothing: a field the case
 * has no value for (named), no placement for a kind that needs one, no one to send it to, and
 * (given `shownHash`) a letter that is no longer the one the officer was shown.
 */
export async function sendLetter(db: Conn, actorId: number, r: LetterRequest & { sentTo: string; shownHash?: string }): Promise<number> {
  const sentTo = r.sentTo.trim();
  if (sentTo === "") throw new Refusal("sent_to", "Enter who the letter is sent to");
  if (sentTo.length > MAX_SENT_TO) throw new Refusal("sent_to", `Who the letter is sent to must be ${MAX_SENT_TO} characters or fewer`);
  return inTransaction(db, async (trx) => {
    // Lock the household: a letter is sent from the case as it stands.
    const h = await trx.selectFrom("households").select("id").where("id", "=", r.householdId).forUpdate().executeTakeFirst();
    if (!h) throw new Response("Not Found", { status: 404 });
    const letter = await prepareLetter(trx, r);
    if (r.shownHash !== undefined && r.shownHash !== textHash(letter.body))
      throw new Refusal(
        "kind",
        "The letter has changed since it was shown (its template or the case changed): check it below, then send it",
      );
    const row = await trx
      .insertInto("letters")
      .values({
        household_id: r.householdId,
        placement_id: letter.placementId,
        kind: r.kind,
        template_version: letter.templateVersion,
        letter_date: r.letterDate,
        sent_to: sentTo,
        body: letter.body,
        sent_by: actorId,
      })
      .returning(["id"])
      .executeTakeFirstOrThrow();
    await audit(trx, {
      userId: actorId,
      action: "send",
      entity: "letter",
      entityId: row.id,
      householdId: r.householdId,
      after: {
        kind: r.kind,
        placement_id: letter.placementId,
        template_version: letter.templateVersion,
        letter_date: r.letterDate,
        sent_to: sentTo,
      },
    });
    return row.id;
  });
}

// ---------------------------------------------------------------------------
// Letters on the case

export interface LetterRow {
  id: number;
  kind: string;
  date: string;
  sentTo: string;
  sentBy: string;
  unitRef: string | null;
}

/** The household's letters, latest first. */
export async function lettersOf(db: Conn, householdId: number): Promise<LetterRow[]> {
  const rows = await db
    .selectFrom("letters as l")
    .leftJoin("users as u", "u.id", "l.sent_by")
    .leftJoin("placements as p", "p.id", "l.placement_id")
    .leftJoin("units as n", "n.id", "p.unit_id")
    .select(["l.id", "l.kind", "l.letter_date", "l.sent_to", "u.name as sent_by", "n.unit_ref"])
    .where("l.household_id", "=", householdId)
    .orderBy("l.sent_at", "desc")
    .orderBy("l.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: LETTER_KINDS[r.kind],
    date: formatDate(r.letter_date),
    sentTo: r.sent_to,
    sentBy: r.sent_by ?? "Unknown",
    unitRef: r.unit_ref,
  }));
}

/** One letter as sent, logged as a view of the household's data. */
export async function openLetter(db: Conn, userId: number, householdId: number, letterId: number) {
  const l = await db
    .selectFrom("letters as l")
    .innerJoin("households as h", "h.id", "l.household_id")
    .leftJoin("users as u", "u.id", "l.sent_by")
    .select([
      "l.id",
      "l.kind",
      "l.letter_date",
      "l.sent_to",
      "l.body",
      "l.sent_at",
      "l.template_version",
      "h.case_ref",
      "u.name as sent_by",
    ])
    .where("l.id", "=", letterId)
    .where("l.household_id", "=", householdId)
    .executeTakeFirst();
  if (!l) throw new Response("Not Found", { status: 404 });
  await recordView(db, { userId, what: "letter", householdId, detail: `${LETTER_KINDS[l.kind]} of ${formatDate(l.letter_date)}` });
  return {
    id: l.id,
    kind: LETTER_KINDS[l.kind],
    date: formatDate(l.letter_date),
    sentTo: l.sent_to,
    sentBy: l.sent_by ?? "Unknown",
    sentAt: l.sent_at,
    templateVersion: l.template_version,
    body: l.body,
    caseRef: l.case_ref,
  };
}

/** What the household page's Letters section shows (app/features/letters/letters-section.tsx). */
export async function lettersSection(db: Conn, householdId: number, role: Role) {
  return {
    rows: await lettersOf(db, householdId),
    canSend: can(role, "edit:households"),
    canEditTemplates: can(role, "edit:letter-templates"),
  };
}
