import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

// The e2e demo council stands on 23 November 2026: "from April" is 1 April 2027.

async function fillDate(page: Page, legendGroup: ReturnType<Page["getByRole"]>, d: string, m: string, y: string) {
  await legendGroup.getByLabel("Day").fill(d);
  await legendGroup.getByLabel("Month").fill(m);
  await legendGroup.getByLabel("Year").fill(y);
}

const pounds = (s: string) => Number(s.replace(/[£,+]/g, ""));

test("a manager reads the forecast and its backtests, is refused bad changes, then leases 100 two-bedroom flats from April and sees fewer families in B&B and the change in net cost", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, "manager");
  await page.goto("/reports");
  await page.getByRole("link", { name: "Forecast of households in TA" }).click();
  await expect(page.getByRole("heading", { name: "Forecast of households in TA", level: 1 })).toBeVisible({ timeout: 90_000 });
  await expect(page.locator("main")).toContainText("Kaplan-Meier");
  await expect(page.getByRole("table", { name: "Backtests: errors by months ahead" }).locator("tbody tr")).toHaveCount(3);
  const forecast = page.getByRole("table", { name: /Households in TA, families in B&B and cost, month by month/ });
  await expect(forecast.locator("tbody tr")).toHaveCount(24);
  await expectAccessible(page);
  const forecastCsv = await page.request.get("/reports/forecast/csv?months=24");
  const forecastLines = (await forecastCsv.text()).trim().split(/\r?\n/);
  expect(forecastLines).toHaveLength(25);
  // The page's first month, households in TA: the CSV's figure rounded.
  const firstCells = await forecast.locator("tbody tr").first().locator("th,td").allInnerTexts();
  expect(firstCells[1]).toContain(Math.round(Number(forecastLines[1].split(",")[2])).toLocaleString("en-GB"));

  await page.goto("/reports/scenarios");
  await expect(page.getByRole("heading", { name: "Scenarios", level: 1 })).toBeVisible();
  await expect(page.locator("main")).toContainText("No scenarios yet");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Make a scenario" }).click();
  await expect(page.getByRole("heading", { name: "Make a scenario", level: 1 })).toBeVisible();

  // Bad input: negative units, a start before the data ends, a rate above the money rules' range, an unfinished trial.
  await page.getByLabel("Name").fill("Bad scenario");
  await page.getByRole("group", { name: "Add or remove units" }).getByLabel("Add units").check();
  await page.getByLabel("Number of units").fill("-5");
  await page.getByLabel("Type of accommodation").selectOption({ label: "Private sector leased" });
  await page.getByLabel("Bedrooms").fill("2");
  await page.getByLabel("Rate (added units)").fill("1000000.00");
  await fillDate(page, page.getByRole("group", { name: "From" }).first(), "1", "1", "2026");
  await page.getByRole("group", { name: "How length of stay changes" }).getByLabel("By a finished trial's measured effect").check();
  await page.getByLabel("Trial", { exact: true }).selectOption({ label: "Prevention call for families (not finished)" });
  await fillDate(page, page.getByRole("group", { name: "From" }).nth(2), "1", "4", "2027");
  await page.getByRole("button", { name: "Save and compare" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("The number of units must be 1 or more");
  await expect(summary).toContainText("The rate must be £100,000.00 or less");
  await expect(summary).toContainText("the data ends on 22 November 2026");
  await expect(summary).toContainText("Prevention call for families has not finished");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.goto("/reports/scenarios");
  await expect(page.locator("main")).toContainText("No scenarios yet");

  // The lease.
  await page.getByRole("button", { name: "Make a scenario" }).click();
  await page.getByLabel("Name").fill("Lease 100 two-bedroom flats at £175 a week from April");
  await page.getByRole("group", { name: "Add or remove units" }).getByLabel("Add units").check();
  await page.getByLabel("Number of units").fill("100");
  await page.getByLabel("Type of accommodation").selectOption({ label: "Private sector leased" });
  await page.getByLabel("Bedrooms").fill("2");
  await page.getByLabel("Rate (added units)").fill("175.00");
  await page.getByRole("group", { name: "The rate is" }).getByLabel("Per week").check();
  await page.getByRole("group", { name: "The council pays for" }).getByLabel("Every night (leased or block-booked)").check();
  await fillDate(page, page.getByRole("group", { name: "From" }).first(), "1", "4", "2027");
  await page.getByRole("button", { name: "Save and compare" }).click();
  await expect(page.getByRole("heading", { name: "Lease 100 two-bedroom flats at £175 a week from April", level: 1 })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.locator("main")).toContainText(
    "Add 100 2-bedroom units of Private sector leased at £175.00 a week, paid every night, from 1 April 2027",
  );

  const monthly = page.getByRole("table", { name: "The scenario against the baseline, month by month" });
  const row = async (label: string) =>
    monthly
      .locator("tbody tr", { has: page.getByRole("rowheader", { name: label, exact: true }) })
      .locator("th,td")
      .allInnerTexts();
  const march = await row("Mar 2027");
  expect(march[2]).toBe(march[3]); // no change before April
  const april = await row("Apr 2027");
  expect(Number(april[3])).toBeLessThan(Number(april[2])); // fewer families in B&B
  expect(Number(april[6])).toBeGreaterThan(0); // households in the added units
  expect(pounds(april[11])).toBeLessThan(0); // net cost falls
  await expectAccessible(page);

  // A phone's width: the tables scroll inside their regions, the page does not.
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });

  // CSV: the same month's figures.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download month by month (CSV)" }).click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => {
    let s = "";
    csv.on("data", (c) => (s += c));
    csv.on("end", () => resolve(s));
  });
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toContain("families_in_bnb,families_in_bnb_baseline");
  const csvApril = lines.find((l) => l.includes(",2027-04,"))!.split(",");
  expect(Number(csvApril[6])).toBeLessThan(Number(csvApril[7]));
  // A negative amount is written with the CSV formula guard's apostrophe, as every export here does.
  expect(csvApril[18]).toMatch(/^'-\d+\.\d\d$/);

  await page.getByRole("link", { name: "Printable version for a committee paper" }).click();
  await expect(page.getByRole("heading", { name: "Lease 100 two-bedroom flats at £175 a week from April", level: 1 })).toBeVisible();
  await expect(page.locator("main")).toContainText("Over the first 12 months");
  await expectAccessible(page);

  await page.goto("/reports/scenarios");
  await expectAccessible(page);
  await page.getByLabel("Lease 100 two-bedroom flats at £175 a week from April").check();
  await page.getByRole("button", { name: "Compare side by side" }).click();
  await expect(page.getByRole("heading", { name: "Scenarios side by side", level: 1 })).toBeVisible();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a manager makes two scenarios with the plain form and compares them side by side", async ({ page }) => {
    test.setTimeout(300_000);
    await signIn(page, "manager");
    for (const [name, count] of [
      ["Lease 50 two-bedroom flats", "50"],
      ["Lease 150 two-bedroom flats", "150"],
    ]) {
      await page.goto("/reports/scenarios/new");
      await page.getByLabel("Name").fill(name);
      await page.getByRole("group", { name: "Add or remove units" }).getByLabel("Add units").check();
      await page.getByLabel("Number of units").fill(count);
      await page.getByLabel("Type of accommodation").selectOption({ label: "Private sector leased" });
      await page.getByLabel("Bedrooms").fill("2");
      await page.getByLabel("Rate (added units)").fill("175");
      await fillDate(page, page.getByRole("group", { name: "From" }).first(), "1", "4", "2027");
      await page.getByRole("button", { name: "Save and compare" }).click();
      await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible({ timeout: 90_000 });
    }
    await page.goto("/reports/scenarios");
    await page.getByLabel("Lease 50 two-bedroom flats").check();
    await page.getByLabel("Lease 150 two-bedroom flats").check();
    await page.getByRole("button", { name: "Compare side by side" }).click();
    await expect(page.getByRole("heading", { name: "Scenarios side by side", level: 1 })).toBeVisible({ timeout: 90_000 });
    const totals = page.getByRole("table", { name: "Over the first 12 months" });
    const change = await totals
      .locator("tbody tr", { has: page.getByRole("rowheader", { name: "Change in net cost" }) })
      .locator("td")
      .allInnerTexts();
    expect(change[0]).toBe("£0");
    // 150 flats save more than 50 (the demo has enough two-bedroom households in costlier accommodation to fill them).
    expect(pounds(change[2])).toBeLessThan(pounds(change[1]));
  });
});
