import { test, expect, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { expectAccessible, signIn } from "./helpers";

/** One CSV line (no line breaks inside cells): quoted cells with doubled quotes. */
function splitCsvLine(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]));
}

const poundsToPence = (s: string) => Math.round(Number(s.replace(/[£,]/g, "")) * 100);

async function tableRows(page: Page, caption: string) {
  const table = page.getByRole("table", { name: caption, exact: true });
  await expect(table).toBeVisible();
  return table
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th,td")].map((c) => (c as HTMLElement).innerText.trim())));
}

test("a manager sees the year's spend, subsidy and net cost, and the spend CSV matches the page", async ({ page }) => {
  await signIn(page, "manager");
  await page.getByRole("link", { name: "Money", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Money", level: 1 })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  const gross = await page.locator(".govuk-summary-list__row", { hasText: "Gross cost to date" }).locator("dd").innerText();
  const subsidy = await page.locator(".govuk-summary-list__row", { hasText: "Estimated subsidy to date" }).locator("dd").innerText();
  const net = await page.locator(".govuk-summary-list__row", { hasText: "Net cost to date" }).locator("dd").innerText();
  expect(poundsToPence(gross)).toBeGreaterThan(0);
  expect(poundsToPence(subsidy)).toBeGreaterThan(0);
  expect(poundsToPence(gross) - poundsToPence(subsidy)).toBe(poundsToPence(net));
  await expect(page.locator("#forecast-assumption")).toContainText("run-rate");

  // The per-type table adds up to the year's figures, and its CSV has the same numbers.
  const types = await tableRows(page, "Spend per type of accommodation, this financial year to date");
  expect(types.length).toBeGreaterThan(3);
  expect(types.reduce((s, r) => s + poundsToPence(r[3]), 0)).toBe(poundsToPence(gross));
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download spend per type of accommodation/ }).click(),
  ]);
  const csv = (await readFile((await download.path())!, "utf8")).trim().split(/\r\n/).map(splitCsvLine);
  expect(csv[0]).toEqual([
    "group",
    "label",
    "nights",
    "households",
    "gross",
    "subsidy",
    "net",
    "average_nightly_rate",
    "void_nights",
    "void_cost",
  ]);
  const byLabel = new Map(csv.slice(1).map((r) => [r[1], r]));
  for (const row of types) {
    const c = byLabel.get(row[0])!;
    expect(c, row[0]).toBeTruthy();
    expect(Number(c[2])).toBe(Number(row[1].replace(/,/g, "")));
    expect(poundsToPence(c[4])).toBe(poundsToPence(row[3]));
    expect(poundsToPence(c[5])).toBe(poundsToPence(row[4]));
    expect(poundsToPence(c[6])).toBe(poundsToPence(row[5]));
    expect(Number(c[8])).toBe(Number(row[7].replace(/,/g, "")));
    expect(poundsToPence(c[9])).toBe(poundsToPence(row[8]));
  }
  const months = await tableRows(page, "Spend per month, last 24 months");
  expect(months).toHaveLength(24);
});

test("a manager opens an invoice with over-billing and sees each over-billed night", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/money/invoices");
  await expect(page.getByRole("heading", { name: "Provider invoices" })).toBeVisible();
  await expectAccessible(page);
  const rows = await tableRows(page, "Invoices");
  const over = rows.filter((r) => poundsToPence(r[5]) > 0);
  expect(over.length).toBeGreaterThanOrEqual(3);
  let sawAfterCheckout = false,
    sawTwice = false,
    sawRate = false;
  for (const r of over) {
    await page.goto("/money/invoices");
    await page.getByRole("link", { name: r[0], exact: true }).click();
    await expect(page.getByRole("heading", { name: `Invoice ${r[0]}` })).toBeVisible();
    const nights = await tableRows(page, "Over-billed nights").catch(() => [] as string[][]);
    if (nights.some((n) => n[3].includes("after the household checked out"))) {
      expect(nights.filter((n) => n[3].includes("after the household checked out"))).toHaveLength(3);
      sawAfterCheckout = true;
    }
    if (nights.some((n) => n[3].startsWith("Billed twice"))) sawTwice = true;
    if (await page.getByRole("table", { name: "Lines billed above the agreed rate" }).count()) sawRate = true;
    await expectAccessible(page);
  }
  expect([sawAfterCheckout, sawTwice, sawRate]).toEqual([true, true, true]);
  // Dispute the last one, with a reason; the decision is shown and audited.
  await page.getByLabel("Dispute the invoice").check();
  await page.getByRole("button", { name: "Save the decision" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator(".govuk-error-summary")).toContainText("Say why the invoice is disputed");
  await page.getByLabel("Dispute the invoice").check();
  await page.getByLabel("Note").fill("Nights billed that nobody stayed");
  await page.getByRole("button", { name: "Save the decision" }).click();
  await expect(page.getByText("Invoice marked as disputed.")).toBeVisible();
  await expect(page.getByRole("table", { name: "History" })).toContainText("dispute");
  await expectAccessible(page);
});

test("rates: bad input is refused with GOV.UK messages and nothing is saved; the LHA table is labelled illustrative", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/money/rates");
  await expectAccessible(page);
  await page.locator("table tbody tr td:first-child a").first().click();
  await expect(page.getByRole("heading", { name: /Rates for unit/ })).toBeVisible();
  await expectAccessible(page);
  const before = await page.getByRole("table", { name: "Cost to the council" }).locator("tbody tr").count();
  await page.getByLabel("Rate", { exact: true }).fill("£1,234.5");
  await page.getByRole("button", { name: "Add rate" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Enter the date the rate starts");
  await expect(summary).toContainText("pounds and pence");
  await expect(page.getByLabel("Rate", { exact: true })).toHaveValue("£1,234.5");
  await expectAccessible(page);
  await page.getByLabel("Day").first().fill("31");
  await page.getByLabel("Month").first().fill("2");
  await page.getByLabel("Year").first().fill("2027");
  await page.getByLabel("Rate", { exact: true }).fill("-5.00");
  await page.getByRole("button", { name: "Add rate" }).click();
  await expect(summary).toContainText("must be a real date");
  await expect(summary).toContainText("£0.00 or more");
  await page.getByLabel("Day").first().fill("1");
  await page.getByLabel("Month").first().fill("3");
  await page.getByLabel("Rate", { exact: true }).fill("71.50");
  await page.getByRole("button", { name: "Add rate" }).click();
  await expect(page.getByText("Rate saved.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Cost to the council" }).locator("tbody tr")).toHaveCount(before + 1);
  // The same day again: refused.
  await page.getByLabel("Day").first().fill("1");
  await page.getByLabel("Month").first().fill("3");
  await page.getByLabel("Year").first().fill("2027");
  await page.getByLabel("Rate", { exact: true }).fill("80.00");
  await page.getByRole("button", { name: "Add rate" }).click();
  await expect(summary).toContainText("already has a rate starting on 1 March 2027");
  await expect(page.getByRole("table", { name: "Cost to the council" }).locator("tbody tr")).toHaveCount(before + 1);

  await page.goto("/money/rates/bulk");
  await expectAccessible(page);
  await page.goto("/money/lha");
  await expect(page.getByText("Illustrative").first()).toBeVisible();
  await expectAccessible(page);
  await page.goto("/money/invoices/new");
  await expectAccessible(page);
});

test("an invoice CSV with bad rows is refused whole with each row's reason; a good one is saved and checked", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/money/invoices/new");
  await page.getByLabel("Provider").selectOption({ index: 1 });
  await page.getByLabel("Invoice reference").fill("E2E-CSV-1");
  await page.getByLabel("Day").fill("20");
  await page.getByLabel("Month").fill("11");
  await page.getByLabel("Year").fill("2026");
  const bad =
    'unit_ref,household_ref,first_night,last_night,amount\nNP-00001,,2026-10-01,2026-10-03,"£1,234.5"\nNP-00001,,31/02/2026,2026-10-03,10.00\n';
  await page
    .getByLabel("Invoice lines as a CSV file (optional)")
    .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Save and check the invoice" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator(".govuk-error-summary")).toContainText("nothing was saved");
  const problems = page.getByRole("table", { name: "Problems in the file" });
  await expect(problems).toContainText("2");
  await expect(problems).toContainText("amount");
  await expect(problems).toContainText("first_night");
  await expectAccessible(page);
  await page.goto("/money/invoices");
  await expect(page.getByRole("link", { name: "E2E-CSV-1" })).toHaveCount(0);

  await page.goto("/money/invoices/new");
  await page.getByLabel("Provider").selectOption({ index: 1 });
  await page.getByLabel("Invoice reference").fill("E2E-CSV-1");
  await page.getByLabel("Day").fill("20");
  await page.getByLabel("Month").fill("11");
  await page.getByLabel("Year").fill("2026");
  const good = "unit_ref,household_ref,first_night,last_night,amount\nNO-SUCH-UNIT,,2026-10-01,2026-10-03,30.00\n";
  await page
    .getByLabel("Invoice lines as a CSV file (optional)")
    .setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "Save and check the invoice" }).click();
  await expect(page.getByRole("heading", { name: "Invoice E2E-CSV-1" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Lines" })).toContainText("Unknown unit");
  await expectAccessible(page);
});

test("void cost: leased units' empty nights are shown beside the cost of occupied nights, on the money page, its CSV and a unit's page", async ({
  page,
}) => {
  await signIn(page, "manager");
  await page.goto("/money");
  await expect(page.getByRole("heading", { name: "Money", level: 1 })).toBeVisible({ timeout: 30_000 });
  const voidText = await page.locator(".govuk-summary-list__row", { hasText: "Void cost to date" }).locator("dd").innerText();
  const voidPence = poundsToPence(voidText.split(" for ")[0]);
  expect(voidPence).toBeGreaterThan(0);
  const gross = poundsToPence(await page.locator(".govuk-summary-list__row", { hasText: "Gross cost to date" }).locator("dd").innerText());
  const paid = poundsToPence(await page.locator(".govuk-summary-list__row", { hasText: "Paid to date" }).locator("dd").innerText());
  expect(paid).toBe(gross + voidPence);
  await expect(page.locator(".govuk-summary-list__row", { hasText: "Cost per household-week" })).toContainText("total household-weeks");
  await expect(page.locator("#recorded-estimated")).toContainText("Estimated:");
  await expect(page.locator("#part-month")).toContainText("part of a month");
  // Per type: only private sector leased (paid every night by default) has void nights, and they add up to the year's.
  const types = await tableRows(page, "Spend per type of accommodation, this financial year to date");
  const leased = types.find((r) => r[0] === "Private sector leased")!;
  expect(poundsToPence(leased[8])).toBe(voidPence);
  for (const r of types.filter((r) => r[0] !== "Private sector leased")) expect(r[7]).toBe("0");
  await expectAccessible(page);

  // A leased unit's page says it is paid every night and shows its void nights.
  await page.goto("/money/rates?q=PL-");
  const leasedLink = page.locator("table tbody tr td:first-child a", { hasText: /^PL-/ }).first();
  await leasedLink.click();
  await expect(page.getByRole("heading", { name: /Rates for unit PL-/ })).toBeVisible();
  await expect(page.locator(".govuk-summary-list__row").filter({ has: page.locator("dt", { hasText: /^Paid for$/ }) })).toContainText(
    "Every night",
  );
  await expect(page.locator(".govuk-summary-list__row", { hasText: "Void nights" })).toContainText("nights, £");
  await expectAccessible(page);

  // Rooms paid for but empty: a list to audit, each unit empty last night.
  await page.goto("/money/voids");
  await expect(page.getByRole("heading", { name: "Rooms paid for but empty", level: 1 })).toBeVisible();
  const empty = page.getByRole("table", { name: /^Units paid for but empty/ });
  await expect(empty.locator("tbody tr").first()).toContainText("PL-");
  await expectAccessible(page);
});

test("rates above the market: the list, its saving and its CSV agree", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/money/rates/market");
  await expect(page.getByRole("heading", { name: "Rates above the market", level: 1 })).toBeVisible({ timeout: 30_000 });
  const saving = poundsToPence(
    await page.locator(".govuk-summary-list__row", { hasText: "Saving if each came down" }).locator("dd").innerText(),
  );
  expect(saving).toBeGreaterThan(0);
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download every unit above the market/ }).click(),
  ]);
  const csv = (await readFile((await download.path())!, "utf8")).trim().split(/\r\n/).map(splitCsvLine);
  expect(csv[0]).toEqual([
    "unit_ref",
    "provider",
    "ta_type",
    "bedrooms",
    "district_gss",
    "nightly_rate",
    "market_median",
    "peer_units",
    "above_by",
    "paid_nights_last_365",
    "saving",
    "district_name",
  ]);
  // A district by its name beside its code, where the register names it.
  expect(csv.slice(1).some((r) => r[4] !== "" && r[11] !== "")).toBe(true);
  // Every unit listed is above its median, and the savings add up to the page's total.
  for (const r of csv.slice(1)) expect(poundsToPence(r[5])).toBeGreaterThanOrEqual(poundsToPence(r[6]));
  expect(csv.slice(1).reduce((s, r) => s + poundsToPence(r[10]), 0)).toBe(saving);
});

test("budgets: a negative amount is refused with nothing saved; a budget is set and held against spend and forecast", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/money/budgets");
  await expect(page.getByRole("heading", { name: /^Budgets, / })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  const form = page.locator("#budget-form");
  await form.getByLabel("Type of accommodation").selectOption("private_leased");
  await form.getByLabel("Budget for the year").fill("-100.00");
  await form.getByRole("button", { name: "Save the budget" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator(".govuk-error-summary")).toContainText("The budget must be £0.00 or more");
  await expect(page.getByText("No budgets for this year.")).toBeVisible();
  await expectAccessible(page);
  await form.getByLabel("Budget for the year").fill("5,000,000.00");
  await form.getByRole("button", { name: "Save the budget" }).click();
  await expect(page.getByText("Budget saved.")).toBeVisible();
  const row = page
    .getByRole("table", { name: /^Budget against spend and forecast/ })
    .locator("tbody tr")
    .first();
  await expect(row).toContainText("Private sector leased");
  await expect(row).toContainText("£5,000,000.00");
  // The same type and year again: an overlap, refused.
  await form.getByLabel("Type of accommodation").selectOption("private_leased");
  await form.getByLabel("Budget for the year").fill("1.00");
  await form.getByRole("button", { name: "Save the budget" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("overlaps one already set");
  await expect(page.getByRole("table", { name: /^Budget against spend and forecast/ }).locator("tbody tr")).toHaveCount(1);

  // On the money page: budget, paid to date (occupied and void) and forecast for private leased.
  await page.goto("/money");
  const budgets = await tableRows(page, "Budget against paid to date and forecast, this financial year");
  expect(budgets).toHaveLength(1);
  expect(poundsToPence(budgets[0][1])).toBe(500_000_000);
  const types = await tableRows(page, "Spend per type of accommodation, this financial year to date");
  const leased = types.find((r) => r[0] === "Private sector leased")!;
  expect(poundsToPence(budgets[0][2])).toBe(poundsToPence(leased[3]) + poundsToPence(leased[8]));
  expect(poundsToPence(budgets[0][3])).toBeGreaterThan(poundsToPence(budgets[0][2]));
  expect(poundsToPence(budgets[0][4])).toBe(500_000_000 - poundsToPence(budgets[0][3]));
  await expectAccessible(page);
});
