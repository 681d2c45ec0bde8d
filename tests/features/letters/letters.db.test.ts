/**
 * Letters (issue 20, item 3; ADR 0036): a template filled in with the case's real values; a
 * template with a field its kind does not have is refused naming it; a letter whose case has
 * no value for a field is refused naming it and nothing is saved; a letter sent is frozen
 * (a later template edit does not change it, and the database refuses to change it); the
 * 21-day review deadline counts from the letter's date in Europe/London.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { setSetting } from "~/lib/settings.server";
import { londonDate } from "~/lib/dates";
import { Refusal } from "~/lib/refusal";
import {
  currentTemplate,
  lettersOf,
  openLetter,
  prepareLetter,
  saveTemplate,
  sendLetter,
  textHash,
} from "~/features/letters/letters.server";
import { checkTemplate, FIELDS_BY_KIND, renderLetter, SAMPLE_VALUES } from "~/features/letters/fields";
import { describeChange } from "~/features/casework/history";

let t: TestDatabase;
let officer: number;
let household: { id: number; case_ref: string };
let placementId: number;
let outPlacementId: number;
let providerName: string;
let otherHousehold: number;
const COUNCIL = "Testshire Council";

async function refusal(p: Promise<unknown>): Promise<Refusal> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(Refusal);
  return e as Refusal;
}
const counts = async () => ({
  letters: Number((await sql<{ n: string }>`SELECT count(*) AS n FROM letters`.execute(t.db)).rows[0].n),
  audits: Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE entity = 'letter'`.execute(t.db)).rows[0].n),
});

beforeAll(async () => {
  t = await createTestDatabase();
  await setSetting(t.db, "council_gss", "E08000012");
  officer = (
    await t.db
      .insertInto("users")
      .values({ email: "letters@example.test", name: "Lee Officer", role: "officer", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  household = await makeHousehold(t.db, [
    { name: "Ria Letter", dob: "1990-05-17" },
    { name: "Kit Letter", dob: "2018-01-02", relationship: "child" },
  ]);
  const unit = await makeUnit(t.db);
  const place = await t.db
    .insertInto("placements")
    .values({ household_id: household.id, unit_id: unit.id, start_date: "2026-03-02", duty: "s193" })
    .returning("id")
    .executeTakeFirstOrThrow();
  placementId = place.id;
  providerName = (
    await t.db
      .selectFrom("units as u")
      .innerJoin("properties as p", "p.id", "u.property_id")
      .innerJoin("providers as v", "v.id", "p.provider_id")
      .select("v.name")
      .where("u.id", "=", unit.id)
      .executeTakeFirstOrThrow()
  ).name;
  // Knowsley named in the register, with no address for notices yet.
  await t.db.insertInto("districts").values({ gss: "E08000011", name: "Knowsley", council: "Knowsley Council" }).execute();
  const away = await makeUnit(t.db, { district: "E08000011" });
  const other = await makeHousehold(t.db, [{ name: "Ola Away", dob: "1985-02-03" }]);
  outPlacementId = (
    await t.db
      .insertInto("placements")
      .values({ household_id: other.id, unit_id: away.id, start_date: "2026-04-01", duty: "s188" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  otherHousehold = other.id;
});
afterAll(async () => {
  await t?.close();
});

const offer = (over: Partial<Parameters<typeof sendLetter>[2]> = {}) => ({
  householdId: household.id,
  kind: "placement_offer" as const,
  placementId,
  letterDate: "2026-03-02",
  officerName: "Lee Officer",
  councilName: COUNCIL,
  sentTo: "Ria Letter",
  ...over,
});

describe(`letters on ${ENGINE}`, () => {
  it("fills the shipped placement offer with the case's real values and keeps it, audited", async () => {
    const id = await sendLetter(t.db, officer, offer());
    const row = await t.db.selectFrom("letters").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.kind).toBe("placement_offer");
    expect(row.placement_id).toBe(placementId);
    expect(row.template_version).toBe(1);
    expect(row.letter_date).toBe("2026-03-02");
    expect(row.sent_to).toBe("Ria Letter");
    expect(row.sent_by).toBe(officer);
    expect(row.body).toContain(`${COUNCIL}\n2 March 2026\n`);
    expect(row.body).toContain(`Our reference: ${household.case_ref}`);
    expect(row.body).toContain("Dear Ria Letter,");
    expect(row.body).toMatch(/Property \S+\n1 Test Street\nTesttown\nL1 1AA\n\nfrom 2 March 2026\./);
    expect(row.body).toContain(`provided by ${providerName}.`);
    expect(row.body).toContain("section 202 of the Housing Act 1996");
    expect(row.body).toContain("within 21 days of the day you are told of this offer: by 22 March 2026 at the latest");
    expect(row.body).toContain("Lee Officer\nHousing Options, Testshire Council");
    expect(row.body).not.toMatch(/\{\{|\}\}/);
    const a = await t.db
      .selectFrom("audit_events")
      .selectAll()
      .where("entity", "=", "letter")
      .where("entity_id", "=", String(id))
      .execute();
    expect(a).toHaveLength(1);
    expect(a[0].action).toBe("send");
    expect(a[0].household_id).toBe(household.id);
    expect(a[0].user_id).toBe(officer);
    expect(describeChange(a[0], () => undefined)).toBe("Sent a letter: placement offer, to Ria Letter");
    const list = await lettersOf(t.db, household.id);
    expect(list[0]).toMatchObject({ id, kind: "Placement offer", date: "2 March 2026", sentTo: "Ria Letter", sentBy: "Lee Officer" });
  });

  it("fills the booking confirmation and the s208 notice with the case's members, district and duty", async () => {
    const booking = await prepareLetter(t.db, { ...offer(), kind: "booking_confirmation" });
    expect(booking.sentTo).toBe(providerName);
    expect(booking.body).toContain(`To: ${providerName}`);
    expect(booking.body).toContain("Household: Ria Letter, 2 people");
    expect(booking.body).toContain("First night: 2 March 2026");
    await t.db
      .insertInto("districts")
      .values({
        gss: "E08000013",
        name: "St Helens",
        council: "St Helens Council",
        notice_address: "1 Demo Way\nSt Helens\nWA10 1AA",
        notice_email: "ho@sthelens.example",
      })
      .execute();
    const unit = await makeUnit(t.db, { district: "E08000013" });
    const p = await t.db
      .insertInto("placements")
      .values({ household_id: household.id, unit_id: unit.id, start_date: "2026-05-04", duty: "s193" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const s208 = await prepareLetter(t.db, { ...offer(), kind: "s208_notice", placementId: p.id, letterDate: "2026-05-05" });
    expect(s208.sentTo).toBe("St Helens Council, ho@sthelens.example");
    expect(s208.body).toContain("To: St Helens Council\n1 Demo Way\nSt Helens\nWA10 1AA");
    expect(s208.body).toContain("in your district (St Helens)");
    expect(s208.body).toContain("Number of household members: 2");
    expect(s208.body).toContain("Ria Letter, lead applicant, aged 35\nKit Letter, child, aged 8");
    expect(s208.body).toContain("Duty under which it was provided: Main duty (s193)");
    // The placement in the council's own district needs no s208 notice.
    const own = await refusal(prepareLetter(t.db, { ...offer(), kind: "s208_notice" }));
    expect(own.field).toBe("placement");
    expect(own.message).toMatch(/own district: no notice to another council \(s208\) is needed/);
  });

  it("refuses a template using a field its kind does not have, naming the field, and saves nothing", async () => {
    const before = await currentTemplate(t.db, "placement_offer");
    const unknown = await refusal(
      saveTemplate(t.db, officer, "placement_offer", `${before.body}\nPhone: {{household.phone}}`, before.version),
    );
    expect(unknown.field).toBe("body");
    expect(unknown.message).toBe("The template uses {{household.phone}}, which is not a field Waypoint knows: use only the fields listed");
    const otherKind = await refusal(
      saveTemplate(t.db, officer, "placement_offer", `${before.body}\n{{ district.notice_address }}`, before.version),
    );
    expect(otherKind.message).toBe(
      "The template uses {{district.notice_address}}, which is not a field of a placement offer letter: use only the fields listed",
    );
    const noDeadline = await refusal(
      saveTemplate(t.db, officer, "placement_offer", before.body.replaceAll("{{review.deadline}}", "soon"), before.version),
    );
    expect(noDeadline.message).toMatch(/^A placement offer letter must include \{\{review\.deadline\}\}/);
    const broken = await refusal(
      saveTemplate(t.db, officer, "placement_offer", `${before.body}\nDear {{household.lead_name}`, before.version),
    );
    expect(broken.message).toMatch(/not a whole field/);
    expect((await currentTemplate(t.db, "placement_offer")).version).toBe(before.version);
    // Every field of each kind is known, and the sample case has a value for each.
    for (const fields of Object.values(FIELDS_BY_KIND)) for (const f of fields) expect(SAMPLE_VALUES[f]).toBeTruthy();
    expect(() => checkTemplate("move_on_offer", "Dear {{household.lead_name}}, {{move_on.pathway}}")).not.toThrow();
  });

  it("refuses a letter whose case has no value for a field, naming it, and saves nothing", async () => {
    const before = await counts();
    const s208 = await refusal(
      sendLetter(t.db, officer, {
        ...offer(),
        householdId: otherHousehold,
        placementId: outPlacementId,
        kind: "s208_notice",
        sentTo: "Knowsley Council",
      }),
    );
    expect(s208.field).toBe("placement");
    expect(s208.message).toBe(
      "This letter cannot be sent: the case has no value for {{district.notice_address}} (where notices for the unit's district go, one line a part). An administrator adds the address under Administration, Districts.",
    );
    const moveOn = await refusal(sendLetter(t.db, officer, { ...offer(), kind: "move_on_offer", placementId: null }));
    expect(moveOn.message).toMatch(
      /no value for \{\{move_on\.pathway\}\} .*, \{\{move_on\.target_date\}\} .*Add a move-on plan to the case first\./,
    );
    const noPlacement = await refusal(sendLetter(t.db, officer, { ...offer(), placementId: null }));
    expect(noPlacement).toMatchObject({ field: "placement", message: "Select the placement the letter is about" });
    // The officer sends the letter they were shown, or nothing: a letter that changed since is refused.
    const shown = await prepareLetter(t.db, offer());
    const changed = await refusal(sendLetter(t.db, officer, { ...offer(), shownHash: textHash(`${shown.body}.`) }));
    expect(changed.field).toBe("kind");
    expect(changed.message).toMatch(/^The letter has changed since it was shown/);
    const noOne = await refusal(sendLetter(t.db, officer, { ...offer(), sentTo: "  " }));
    expect(noOne.field).toBe("sent_to");
    expect(await counts()).toEqual(before);
    // A case's blank value is missing too.
    expect(() => renderLetter("move_on_offer", "{{move_on.pathway}}", { "move_on.pathway": "  " })).toThrow(/\{\{move_on\.pathway\}\}/);
  });

  it("keeps a letter as sent: a later template edit does not change it, and the database refuses to", async () => {
    const id = await sendLetter(t.db, officer, offer({ letterDate: "2026-03-03" }));
    const sent = (await t.db.selectFrom("letters").select("body").where("id", "=", id).executeTakeFirstOrThrow()).body;
    const tpl = await currentTemplate(t.db, "placement_offer");
    const v2 = await saveTemplate(
      t.db,
      officer,
      "placement_offer",
      tpl.body.replace("Offer of temporary accommodation", "Your new home for now"),
      tpl.version,
    );
    expect(v2).toBe(tpl.version + 1);
    const edit = await t.db.selectFrom("audit_events").selectAll().where("entity", "=", "letter_template").executeTakeFirstOrThrow();
    expect(edit).toMatchObject({ action: "edit", entity_id: "placement_offer", user_id: officer });
    expect(describeChange(edit, () => undefined)).toBe("Changed a letter template Placement offer");
    const stale = await refusal(saveTemplate(t.db, officer, "placement_offer", `${tpl.body}\n`, tpl.version));
    expect(stale.message).toMatch(/Someone saved this template \(version 2\) after you opened it/);
    const opened = await openLetter(t.db, officer, household.id, id);
    expect(opened.body).toBe(sent);
    expect(opened.body).toContain("Offer of temporary accommodation");
    expect(opened.templateVersion).toBe(1);
    const next = await prepareLetter(t.db, offer());
    expect(next.templateVersion).toBe(2);
    expect(next.body).toContain("Your new home for now");
    const change = await sql`UPDATE letters SET body = 'changed' WHERE id = ${id}`.execute(t.db).catch((e: Error) => e);
    expect(change).toBeInstanceOf(Error);
    const remove = await sql`DELETE FROM letters WHERE id = ${id}`.execute(t.db).catch((e: Error) => e);
    expect(remove).toBeInstanceOf(Error);
    const oldVersion = await sql`UPDATE letter_templates SET body = 'x' WHERE version = 1`.execute(t.db).catch((e: Error) => e);
    expect(oldVersion).toBeInstanceOf(Error);
    expect((await t.db.selectFrom("letters").select("body").where("id", "=", id).executeTakeFirstOrThrow()).body).toBe(sent);
    // Opening a letter is logged as a view of the household.
    const views = await t.db
      .selectFrom("record_views")
      .selectAll()
      .where("household_id", "=", household.id)
      .where("what", "=", "letter")
      .execute();
    expect(views.map((v) => v.detail)).toEqual(["Placement offer of 3 March 2026"]);
  });

  it("counts the 21 days for a review from the letter's date in Europe/London", async () => {
    // 23:30 UTC on 24 October 2026 is 00:30 on 25 October in London (summer time).
    const lateNight = londonDate(new Date("2026-10-24T23:30:00Z"));
    expect(lateNight).toBe("2026-10-25");
    const a = await prepareLetter(t.db, offer({ letterDate: lateNight }));
    expect(a.body).toContain("\n25 October 2026\n");
    expect(a.body).toContain("by 14 November 2026 at the latest");
    // In winter London is on UTC: 23:30 UTC on 31 December is still 31 December; 21 days beginning then end on 20 January.
    const newYearsEve = londonDate(new Date("2026-12-31T23:30:00Z"));
    expect(newYearsEve).toBe("2026-12-31");
    const b = await prepareLetter(t.db, offer({ letterDate: newYearsEve }));
    expect(b.body).toContain("by 20 January 2027 at the latest");
    // Across the change of the clocks in March (29 March 2026): 20 March + 20 days = 9 April.
    const c = await prepareLetter(t.db, offer({ letterDate: londonDate(new Date("2026-03-20T12:00:00Z")) }));
    expect(c.body).toContain("by 9 April 2026 at the latest");
  });
});
