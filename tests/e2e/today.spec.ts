import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

const count = async (page: Page, title: string) =>
  Number(/\((\d+)\)$/.exec(await page.getByRole("heading", { name: new RegExp(`^${title} \\(\\d+\\)$`) }).innerText())![1]);

test("an officer's Today opens on their own cases, most urgent first, with a switch to the whole council", async ({ page }) => {
  await signIn(page, "officer");
  const whose = page.getByRole("navigation", { name: "Whose cases" });
  await expect(whose.locator("[aria-current=page]")).toHaveText(/^My cases \(\d[\d,]*\)$/);
  const mineBreaches = await count(page, "Families in B&B past the six-week limit");
  const mineWarnings = await count(page, "Families in B&B from day 35");
  await expectAccessible(page);

  await whose.getByRole("link", { name: "The whole council" }).click();
  await expect(whose.locator("[aria-current=page]")).toHaveText("The whole council");
  const allBreaches = await count(page, "Families in B&B past the six-week limit");
  expect(allBreaches).toBeGreaterThanOrEqual(mineBreaches);
  expect(allBreaches + (await count(page, "Families in B&B from day 35"))).toBeGreaterThan(mineBreaches + mineWarnings);
  // Most days in B&B first, and each row says what to do next.
  const breaches = page.getByRole("table", { name: "Families in B&B past the six-week limit" });
  const days = (await breaches.locator("tbody tr td:nth-child(3)").allInnerTexts()).map((t) => Number(/^Day (\d+)/.exec(t)![1]));
  expect(days.length).toBeGreaterThan(1);
  expect(days).toEqual([...days].sort((a, b) => b - a));
  const next = breaches.getByRole("link", { name: /^Find self-contained accommodation for / }).first();
  await next.click();
  await expect(page).toHaveURL(/\/households\/\d+\/find-unit$/);
});

test("a household's case officer is changed on its page, with a confirmation, and recorded in its history", async ({ page }) => {
  await signIn(page, "officer");
  const row = page.getByRole("table", { name: "Families in B&B from day 35" }).locator("tbody tr td:first-child a").first();
  const caseRef = (await row.innerText()).trim();
  await row.click();
  await expect(page.getByRole("heading", { level: 1, name: caseRef })).toBeVisible();
  // The row whose key is exactly "Case officer" (another row may say "ask the case officer").
  const officerRow = page.locator(".govuk-summary-list__row").filter({ has: page.locator("dt", { hasText: /^Case officer$/ }) });
  await expect(officerRow).toContainText("Olu Officer");
  await officerRow.getByRole("link", { name: "Change case officer" }).click();
  await page.getByLabel(`Who runs the case of household ${caseRef}?`).selectOption({ label: "Nobody" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("Case officer saved");
  await expect(officerRow).toContainText("Nobody");
  await expect(page.getByRole("table", { name: "History" })).toContainText("Took the case from its officer");
  await expectAccessible(page);
  // Given back, it is on Today's My cases again.
  await officerRow.getByRole("link", { name: "Change case officer" }).click();
  await page.getByLabel(`Who runs the case of household ${caseRef}?`).selectOption({ label: "Olu Officer" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("table", { name: "History" })).toContainText("Gave the case to Olu Officer");
  await page.goto("/");
  await expect(page.getByRole("table", { name: "Families in B&B from day 35" })).toContainText(caseRef);
});

test("a manager reads every change council-wide: an officer's change is there in words, filtered by who and what", async ({
  page,
  browser,
}) => {
  // An officer gives a case to nobody and back: two changes in the log.
  const officer = await browser.newPage();
  await signIn(officer, "officer");
  const row = officer.getByRole("table", { name: "Families in B&B from day 35" }).locator("tbody tr td:first-child a").first();
  const caseRef = (await row.innerText()).trim();
  await row.click();
  const officerRow = officer.locator(".govuk-summary-list__row").filter({ has: officer.locator("dt", { hasText: /^Case officer$/ }) });
  for (const who of ["Nobody", "Olu Officer"]) {
    await officerRow.getByRole("link", { name: "Change case officer" }).click();
    await officer.getByLabel(`Who runs the case of household ${caseRef}?`).selectOption({ label: who });
    await officer.getByRole("button", { name: "Save" }).click();
    await expect(officer.getByRole("alert")).toContainText("Case officer saved");
  }
  expect((await officer.request.get("/audit")).status()).toBe(403);
  await officer.close();

  await signIn(page, "manager");
  await page.goto("/reports");
  await page.getByRole("link", { name: "Every change" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Every change" })).toBeVisible();
  await page.getByLabel("Who").selectOption({ label: "Olu Officer" });
  await page.getByLabel("What").selectOption({ label: "Households and placements" });
  await page.getByLabel("Case reference").fill(caseRef);
  await page.getByRole("button", { name: "Show changes" }).click();
  const log = page.getByRole("table", { name: "The latest changes, newest first" });
  const first = log.locator("tbody tr").first();
  await expect(first).toContainText("Gave the case to Olu Officer");
  await expect(first).toContainText(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)/);
  await expect(log.locator("tbody tr").nth(1)).toContainText("Took the case from its officer");
  await expectAccessible(page);
  await first.getByRole("link", { name: caseRef }).click();
  await expect(page.getByRole("heading", { level: 1, name: caseRef })).toBeVisible();
});
