import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

// The demo council as on 23 November 2026 (the browser tests' fixed day).
const NIGHT = "2026-11-23";

async function ta1Line(page: Page, line: string): Promise<number> {
  // The number, before any words for screen readers.
  const text = await page
    .getByRole("table", { name: /^TA1 as at/ })
    .locator(`td[data-line="${line}"]`)
    .innerText();
  return Number(/^[\d,]+/.exec(text.trim())![0].replace(/,/g, ""));
}

async function todayCount(page: Page, title: string): Promise<number> {
  const heading = await page.getByRole("heading", { name: new RegExp(`^${title} \\(\\d+\\)$`) }).innerText();
  return Number(/\((\d+)\)$/.exec(heading)![1]);
}

test("Today and TA1 give the same numbers for the same night, and TA1 lists the units whose type contradicts the law", async ({ page }) => {
  await signIn(page, "manager");
  const breaches = await todayCount(page, "Families in B&B past the six-week limit");
  const under18 = await todayCount(page, "16 or 17 year old applicants in B&B");
  const headline = (label: string) =>
    page
      .locator("p.govuk-body", { hasText: label })
      .locator(".govuk-heading-xl")
      .innerText()
      .then((t) => Number(t.replace(/,/g, "")));
  const [inTa, inBnb] = [await headline("households in temporary accommodation"), await headline("in bed and breakfast")];
  expect(breaches).toBeGreaterThan(0);

  await page.goto(`/reports/statutory?asOf=${NIGHT}`);
  await expect(page.getByRole("heading", { name: /TA1: households in TA on the night of 23 November 2026/ })).toBeVisible();
  expect(await ta1Line(page, "bnb_with_children_over_6_weeks")).toBe(breaches);
  expect(await ta1Line(page, "bnb_16_17")).toBe(under18);
  expect(await ta1Line(page, "total")).toBe(inTa);
  expect(await ta1Line(page, "bnb")).toBe(inBnb);
  // The new with-children lines are there, and the types' lines add up.
  await expect(page.getByText("The six categories add up to the total")).toBeVisible();
  expect(await ta1Line(page, "hostel_with_children")).toBeGreaterThanOrEqual(0);
  await expectAccessible(page);

  await page.getByRole("link", { name: "See the units to correct" }).click();
  await expect(page.getByRole("heading", { name: "Units whose TA type contradicts their facts", level: 1 })).toBeVisible();
  await expect(page.locator("table tbody tr").first()).toBeVisible();
  await expectAccessible(page);
});

test("an officer records a new application and the six-week count starts again from it; a bad date changes nothing", async ({ page }) => {
  await signIn(page, "officer");
  const first = page.locator('section[aria-labelledby="breaches"] table tbody a').first();
  const caseRef = await first.innerText();
  await first.click();
  await expect(page.getByText(/the six-week limit \(42 days\) is broken/)).toBeVisible();
  const daysUsed = async () =>
    Number(
      (
        await page
          .locator(".govuk-summary-list__row", { hasText: "B&B days used (of 42)" })
          .locator(".govuk-summary-list__value")
          .innerText()
      ).trim(),
    );
  expect(await daysUsed()).toBeGreaterThan(42);

  await page.getByRole("link", { name: "Record a new application" }).click();
  await expect(page.getByRole("heading", { name: "Record a new application" })).toBeVisible();
  await expectAccessible(page);
  // A date in the future is refused with a GOV.UK error, and nothing is recorded.
  await page.getByLabel("Day").fill("1");
  await page.getByLabel("Month").fill("1");
  await page.getByLabel("Year").fill("2030");
  await page.getByRole("button", { name: "Record application" }).click();
  await expect(page.getByRole("alert")).toContainText("Date the application started must be today or in the past");
  await expectAccessible(page);
  // From 13 November: at most the 11 nights from then to tonight count.
  await page.getByLabel("Day").fill("13");
  await page.getByLabel("Month").fill("11");
  await page.getByLabel("Year").fill("2026");
  await page.getByRole("button", { name: "Record application" }).click();
  await expect(page.getByText(`Started on 13 November 2026: B&B nights count from then`)).toBeVisible();
  await expect(page.getByText(/the six-week limit \(42 days\) is broken/)).toHaveCount(0);
  const now = await daysUsed();
  expect(now).toBeGreaterThan(0);
  expect(now).toBeLessThanOrEqual(11);
  // Today no longer lists the household as a breach.
  await page.goto("/");
  await expect(page.locator('section[aria-labelledby="breaches"]')).not.toContainText(caseRef);
});

test("a manager marks a past quarter's TA1 as filed; it then shows no change since; an officer cannot file", async ({ page }) => {
  await signIn(page, "officer");
  await page.goto("/reports/statutory?asOf=2026-09-30");
  await expect(page.getByText("Not marked as filed.")).toBeVisible();
  await expect(page.getByRole("button", { name: /as filed/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  // Wait for the sign-out to land: going on at once can race the form's POST.
  await expect(page.getByLabel("Email address")).toBeVisible();

  await signIn(page, "manager");
  await page.goto("/reports/statutory?asOf=2026-09-30");
  await page.getByRole("button", { name: "Mark TA1 for 30 September 2026 as filed" }).click();
  await expect(page.getByText(/Marked as filed on .* by /)).toBeVisible();
  await expect(page.getByText("The figures recomputed now are the same as those filed, household by household.")).toBeVisible();
  await expectAccessible(page);
});
