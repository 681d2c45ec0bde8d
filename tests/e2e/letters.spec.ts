/**
 * Letters (issue 20, item 3): on the demo council an officer sends a placement offer from a
 * case, sees it on the case and opens the printable letter; a letter whose case lacks a value
 * is refused naming the field; a manager changes a template, previewed before it is saved.
 */
import { test, expect, type Page } from "@playwright/test";
import pg from "pg";
import { expectAccessible, signIn } from "./helpers";

function e2eDatabaseUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.E2E_DB ?? "waypoint_e2e"}`;
  return url.toString();
}

/** How far the page scrolls sideways (0: it does not). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** A demo household in TA tonight (23 November 2026) with no letter yet and no move-on plan. */
async function householdInTa(): Promise<{ householdId: number; placementId: number; lead: string }> {
  const c = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await c.connect();
  try {
    const r = await c.query(`
      SELECT p.household_id, p.id, m.name FROM placements p
      JOIN household_members m ON m.household_id = p.household_id AND m.relationship = 'lead'
      WHERE p.cancelled_at IS NULL AND p.start_date <= '2026-11-23' AND (p.end_date IS NULL OR p.end_date > '2026-11-23')
        AND NOT EXISTS (SELECT 1 FROM letters l WHERE l.household_id = p.household_id)
        AND NOT EXISTS (SELECT 1 FROM move_on_plans o WHERE o.household_id = p.household_id)
        AND (SELECT count(*) FROM placements q WHERE q.household_id = p.household_id AND q.cancelled_at IS NULL) = 1
      ORDER BY p.id LIMIT 1`);
    return { householdId: Number(r.rows[0].household_id), placementId: Number(r.rows[0].id), lead: r.rows[0].name };
  } finally {
    await c.end();
  }
}

test("an officer sends a placement offer from a case, sees it on the case and opens the printable letter", async ({ page }) => {
  const { householdId, lead } = await householdInTa();
  await signIn(page, "officer");
  await page.goto(`/households/${householdId}`);
  const section = page.locator("#letters");
  await expect(section).toHaveText("Letters");
  await expect(page.getByText("No letters sent yet.")).toBeVisible();
  // Officers send letters; they do not change the council's templates.
  await expect(page.getByRole("link", { name: "Letter templates" })).toHaveCount(0);
  expect((await page.request.get("/letters/templates")).status()).toBe(403);

  await page.getByRole("link", { name: "Send a letter" }).click();
  await expect(page.getByRole("heading", { name: "Send a letter", level: 1 })).toBeVisible();
  await expectAccessible(page);

  // A move-on offer needs the case's move-on plan, which this case has not: refused, naming the fields.
  await page.getByLabel("Move-on offer").check();
  await page.getByRole("button", { name: "Show the letter" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("This letter cannot be sent: the case has no value for {{move_on.pathway}}");
  await expect(summary).toContainText("{{move_on.target_date}}");
  await expect(page.getByRole("button", { name: "Send letter" })).toHaveCount(0);
  await expectAccessible(page);

  // The placement offer, filled in: the review right (s202) and its deadline, 21 days beginning 23 November.
  await page.getByLabel("Placement offer").check();
  await page.getByRole("button", { name: "Show the letter" }).click();
  const preview = page.getByTestId("letter-preview");
  await expect(preview).toContainText(`Dear ${lead},`);
  await expect(preview).toContainText("Merseyside Demo Council\n23 November 2026");
  await expect(preview).toContainText("section 202 of the Housing Act 1996");
  await expect(preview).toContainText("by 13 December 2026 at the latest");
  await expect(preview).toContainText("Olu Officer");
  await expect(page.getByLabel("Sent to")).toHaveValue(lead);
  await page.getByLabel("Sent to").fill(`${lead}, by hand at the office`);
  await page.getByRole("button", { name: "Send letter" }).click();

  await expect(page).toHaveURL(new RegExp(`/households/${householdId}/letters/\\d+\\?sent=1$`));
  await expect(page.getByText("Letter sent and kept on the case")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Placement offer, 23 November 2026", level: 1 })).toBeVisible();
  const body = page.getByTestId("letter-body");
  await expect(body).toContainText(`Dear ${lead},`);
  await expect(body).toContainText("by 13 December 2026 at the latest");
  await expectAccessible(page);
  // Printed, the page is the letter alone.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { name: "Placement offer, 23 November 2026" })).toBeHidden();
  await expect(page.locator(".govuk-service-navigation")).toBeHidden();
  await expect(body).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // On the case: listed under Letters, and in the history.
  await page.getByRole("link", { name: /^Household / }).click();
  const row = page.getByRole("table", { name: "Letters sent, latest first" }).getByRole("row").nth(1);
  await expect(row).toContainText("Placement offer");
  await expect(row).toContainText("23 November 2026");
  await expect(row).toContainText(`${lead}, by hand at the office`);
  await expect(row).toContainText("Olu Officer");
  await expect(page.getByRole("table", { name: "History" })).toContainText("Sent a letter: placement offer");
  await expectAccessible(page);
  await row.getByRole("link", { name: /^Placement offer/ }).click();
  await expect(page.getByTestId("letter-body")).toContainText("Offer of temporary accommodation");
  await expect(page.getByText("Letter sent and kept on the case")).toHaveCount(0);
});

test("a manager changes a letter template: an unknown field is refused, the preview comes before saving", async ({ page }) => {
  const { householdId } = await householdInTa();
  await signIn(page, "manager");
  await page.goto(`/households/${householdId}`);
  // Managers change templates; they do not send letters.
  await expect(page.getByRole("link", { name: "Send a letter" })).toHaveCount(0);
  await page.getByRole("link", { name: "Letter templates" }).click();
  await expect(page.getByRole("heading", { name: "Letter templates", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Booking confirmation to the provider" }).click();
  await expect(page.getByRole("heading", { name: "Booking confirmation to the provider", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Fields of this letter" })).toContainText("{{provider.name}}");
  await expect(page.getByRole("button", { name: "Save template" })).toHaveCount(0);
  await expectAccessible(page);
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });

  const text = page.getByLabel("Text of the letter");
  const original = await text.inputValue();
  expect(original).toContain("Booking confirmation, unit {{placement.unit_ref}}");
  await text.fill(`${original}\nPhone: {{household.phone}}`);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "The template uses {{household.phone}}, which is not a field Waypoint knows: use only the fields listed",
  );
  await expect(page.getByRole("button", { name: "Save template" })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByLabel("Text of the letter").fill(original.replace("Booking confirmation, unit", "Booking confirmed for unit"));
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("template-preview");
  await expect(preview).toContainText("Booking confirmed for unit EX-101");
  await expect(preview).toContainText("To: Example Lettings Ltd");
  await expect(preview).toContainText("Household: Alex Example, 3 people");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page).toHaveURL(/\/letters\/templates\?saved=booking_confirmation$/);
  await expect(page.getByText("The booking confirmation to the provider template is saved")).toBeVisible();
  const saved = page.getByRole("row", { name: /Booking confirmation to the provider/ });
  await expect(saved).toContainText("2");
  await expect(saved).toContainText("Mina Manager");
});

test("without JavaScript an officer sends a booking confirmation to the provider", async ({ browser }) => {
  const { householdId } = await householdInTa();
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await signIn(page, "officer");
  await page.goto(`/households/${householdId}/letters/new`);
  await page.getByLabel("Booking confirmation to the provider").check();
  await page.getByRole("button", { name: "Show the letter" }).click();
  await expect(page.getByTestId("letter-preview")).toContainText("This confirms that Merseyside Demo Council has booked");
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  const provider = await page.getByLabel("Sent to").inputValue();
  expect(provider).not.toBe("");
  await page.getByRole("button", { name: "Send letter" }).click();
  await expect(page.getByText("Letter sent and kept on the case")).toBeVisible();
  await expect(page.getByTestId("letter-body")).toContainText(`To: ${provider.split(",")[0]}`);
  expect(await sideways(page)).toBeLessThanOrEqual(0);
  await context.close();
});
