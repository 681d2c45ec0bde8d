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
  const officerRow = page.locator(".govuk-summary-list__row", { hasText: "Case officer" });
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
