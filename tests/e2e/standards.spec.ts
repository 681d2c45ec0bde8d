/**
 * Homes fit to live in (issue 21): an officer records a grade E inspection (after a refused
 * one: a grade outside A to E and a date in the future, nothing saved); find a unit marks the
 * unit do not use with the reason; the officer cannot place there; a manager can, recording
 * the emergency; the provider page shows the record, and the certificates list what expires.
 * Axe on every page.
 */
import { test, expect, type Locator, type Page } from "@playwright/test";
import pg from "pg";
import { expectAccessible, setToday, signIn } from "./helpers";

function e2eDb() {
  const u = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  u.pathname = `/${process.env.E2E_DB ?? "waypoint_e2e"}`;
  return u.toString();
}

async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: e2eDb() });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

async function fillDate(scope: Page | Locator, legend: string, d: string, m: string, y: string) {
  const group = scope.getByRole("group", { name: legend, exact: true });
  await group.getByLabel("Day").fill(d);
  await group.getByLabel("Month").fill(m);
  await group.getByLabel("Year").fill(y);
}

test("a grade E inspection makes a unit do not use: shown in find a unit, placed there only by a manager with the emergency", async ({
  page,
}) => {
  test.setTimeout(240_000);
  // A self-contained unit free from 23 November 2026 whose property nothing marks do not use yet.
  const [unit] = await query<{ id: string; unit_ref: string; property_id: string; provider_id: string; provider: string; type: string }>(
    `SELECT u.id, u.unit_ref, u.property_id, p.provider_id, pr.name AS provider, u.ta_type_code AS type
     FROM units u JOIN properties p ON p.id = u.property_id JOIN providers pr ON pr.id = p.provider_id
     CROSS JOIN LATERAL unit_standards(u.id, u.property_id, p.hmo_licence_required, '2026-11-23') st
     WHERE u.ta_type_code = 'other' AND u.retired_on IS NULL AND coalesce(u.in_use_from, '2000-01-01') <= '2026-11-23'
       AND cardinality(st.do_not_use) = 0 AND u.max_occupants >= 1
       AND NOT EXISTS (SELECT 1 FROM unit_calendar c WHERE c.unit_id = u.id AND coalesce(upper(c.nights), 'infinity') > '2026-11-23')
     ORDER BY u.id LIMIT 1`,
  );
  expect(unit).toBeTruthy();

  await signIn(page, "officer");
  await setToday(page, "2026-11-23");

  // Bad input: no grade and a date in the future; nothing saved.
  const before = await query<{ n: number }>(`SELECT count(*)::int AS n FROM inspections WHERE property_id = $1`, [unit.property_id]);
  await page.goto(`/stock/properties/${unit.property_id}/inspections/new`);
  await expectAccessible(page);
  await fillDate(page, "Inspection date", "24", "11", "2026");
  await page.getByLabel("Inspector").fill("Inspection scheme: E2E Inspector");
  await page.getByRole("button", { name: "Record inspection" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("The inspection date must be today or in the past");
  await expect(summary).toContainText("Select the grade, from A to E");
  await expectAccessible(page);
  expect(await query<{ n: number }>(`SELECT count(*)::int AS n FROM inspections WHERE property_id = $1`, [unit.property_id])).toEqual(
    before,
  );

  // A grade E inspection today.
  await fillDate(page, "Inspection date", "23", "11", "2026");
  await page.getByRole("group", { name: "Grade" }).getByLabel("E: do not use").check();
  await page.getByLabel("Findings (optional)").fill("No working fire detection; exposed wiring in the kitchen");
  await page.getByRole("button", { name: "Record inspection" }).click();
  await expect(page.getByRole("table", { name: "Inspections, newest first" })).toContainText("E: do not use");
  await expect(page.getByRole("table", { name: "Units" })).toContainText("Do not use");
  await expectAccessible(page);

  // A household of one adult, to place.
  await page.goto("/households/new");
  const caseRef = `STANDARDS-${Date.now().toString(36).toUpperCase()}`;
  await page.getByLabel("Case reference").fill(caseRef);
  await page.getByRole("group", { name: "Duty owed" }).getByLabel("Interim duty (s188)").check();
  await page.getByRole("group", { name: "Does the household need step-free access?" }).getByLabel("No").check();
  await page.getByRole("group", { name: "Is the household awaiting a placement?" }).getByLabel("Yes").check();
  const member = page.getByRole("group", { name: "Member 1", exact: true });
  await member.getByLabel("Full name").fill("Rowan Ashby");
  await member.getByLabel("Day").fill("4");
  await member.getByLabel("Month").fill("2");
  await member.getByLabel("Year").fill("1992");
  await member.getByLabel("Relationship to the household").selectOption("lead");
  await member.getByLabel("Sex").selectOption("female");
  await page.getByRole("button", { name: "Register household" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const householdUrl = new URL(page.url()).pathname;

  // Find a unit: the unit is listed, marked do not use, with the reason (do-not-use units come last).
  const card = page
    .locator(".govuk-summary-card")
    .filter({ has: page.getByRole("heading", { name: new RegExp(`Unit ${unit.unit_ref} `) }) });
  const findUnit = (p: number) =>
    page.goto(`${householdUrl}/find-unit?start-day=23&start-month=11&start-year=2026&nights=7&type=${unit.type}&district=any&page=${p}`);
  // Do-not-use units come last: look from the last page back.
  await findUnit(1);
  const numbers = await page
    .getByRole("navigation", { name: "Pagination" })
    .getByRole("link", { name: /^Page \d+$/ })
    .allInnerTexts();
  const last = Math.max(1, ...numbers.map((n) => Number(n.trim())).filter(Number.isFinite));
  for (let p = last; p >= 1 && (await card.count()) === 0; p--) await findUnit(p);
  await expect(card).toContainText("Do not use");
  await expect(card).toContainText("Do not use: the latest inspection graded it E");
  await expect(card).toContainText("Grade E, inspected 23 November 2026");
  await expectAccessible(page);

  // The officer cannot place there.
  await card.getByRole("link", { name: /^Place here/ }).click();
  await expect(page.getByText("Only a manager can place a household here")).toBeVisible();
  await expectAccessible(page);
  const placeUrl = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.getByRole("button", { name: "Place household" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("only a manager can place a household there");
  expect(await query(`SELECT p.id FROM placements p JOIN households h ON h.id = p.household_id WHERE h.case_ref = $1`, [caseRef])).toEqual(
    [],
  );

  // A manager places them, recording the emergency: refused without saying what it is.
  await page.context().clearCookies();
  await signIn(page, "manager");
  await setToday(page, "2026-11-23");
  await page.goto(placeUrl);
  await expectAccessible(page);
  const why = page.getByRole("group", { name: "Why are you placing the household in a unit marked do not use?" });
  await why.getByLabel("An emergency: nothing suitable is available").check();
  await page.getByRole("button", { name: "Place household" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Say what the emergency is and why this unit is used");
  await expectAccessible(page);
  await page
    .getByRole("group", { name: "Why are you placing the household in a unit marked do not use?" })
    .getByLabel(/An emergency/)
    .check();
  await page.getByLabel("What is the emergency, and why this unit?").fill("Fire at the home at 2am; every other unit full tonight");
  await page.getByRole("button", { name: "Place household" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const saved = await query<{ unsuitable_reasons: string[]; decision_reason: string; decision_note: string }>(
    `SELECT p.unsuitable_reasons, p.decision_reason, p.decision_note FROM placements p JOIN households h ON h.id = p.household_id
     WHERE h.case_ref = $1`,
    [caseRef],
  );
  expect(saved).toEqual([
    {
      unsuitable_reasons: ["grade_e"],
      decision_reason: "emergency_nothing_suitable",
      decision_note: "Fire at the home at 2am; every other unit full tonight",
    },
  ]);

  // Managers see it with the reason among placements in units that did not suit.
  await page.goto("/placements/unsuitable");
  const row = page.getByRole("row").filter({ hasText: caseRef });
  await expect(row).toContainText("Do not use: the latest inspection graded it E");
  await expect(row).toContainText("Fire at the home at 2am");
  await expectAccessible(page);

  // The household complains about the unit's safety; the officer records it, asking for an inspection.
  await page.context().clearCookies();
  await signIn(page, "officer");
  await setToday(page, "2026-11-23");
  await page.goto(householdUrl);
  await page.getByRole("link", { name: `Complaints (unit ${unit.unit_ref})` }).click();
  await expectAccessible(page);
  await page.getByRole("group", { name: "What is the complaint about?" }).getByLabel("Safety").check();
  await page.getByLabel("What the household said").fill("Smoke alarm in the bedroom does not work");
  await page.getByLabel("Ask for an inspection of the unit").check();
  await page.getByRole("button", { name: "Record complaint" }).click();
  await expect(page.getByRole("table", { name: "Complaints, newest first" })).toContainText("Smoke alarm in the bedroom does not work");
  await expectAccessible(page);

  // Stock filters: grade E and do not use find the unit, also in the CSV.
  await page.goto(`/stock?grade=E&dnu=yes&type=${unit.type}`);
  await expect(page.getByRole("table", { name: "Units" })).toContainText(unit.unit_ref);
  await expectAccessible(page);
  const csv = await page.request.get(`/stock/units.csv?grade=E&dnu=yes&type=${unit.type}`);
  expect(csv.status()).toBe(200);
  const csvText = await csv.text();
  expect(csvText.split("\n")[0]).toContain("free_tonight,void_now,void_since,void_nights,grade,do_not_use,certificate_expired");
  expect(csvText).toContain(`${unit.unit_ref},`);

  // The provider page shows the record.
  await page.goto(`/stock/providers/${unit.provider_id}`);
  await expect(page.getByRole("heading", { name: unit.provider, level: 1 })).toBeVisible();
  const record = page.locator(".govuk-summary-list").first();
  await expect(record).toContainText("Fit-and-proper check");
  await expect(record.locator(".govuk-summary-list__row").filter({ hasText: "Do not use" })).toContainText(/\d+ units?/);
  await expect(page.getByRole("table", { name: "Properties" })).toContainText("Do not use");
  await expect(
    page.getByRole("table", { name: "Complaints officers recorded, newest first" }).or(page.getByText("No complaint recorded.")),
  ).toBeVisible();
  await expectAccessible(page);

  // The unit page shows its standing; the managers' list shows what expires in the next 30 days.
  await page.goto(`/stock/units/${unit.id}`);
  await expect(page.locator(".govuk-summary-list").first()).toContainText("Do not use");
  await expectAccessible(page);
  await page.goto("/stock/certificates");
  await expect(page.getByRole("table")).toContainText("Expired");
  await expectAccessible(page);
});
