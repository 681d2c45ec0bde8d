import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

/** The CSV behind a download link on the page, fetched with the signed-in session. */
async function csvOf(page: Page, linkName: string | RegExp): Promise<string[][]> {
  const href = await page.getByRole("link", { name: linkName }).getAttribute("href");
  expect(href).toBeTruthy();
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  return parseCsv(await res.text());
}

/** RFC 4180: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split("\r\n")
    .map((line) => {
      const cells: string[] = [];
      let cur = "",
        quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quoted) {
          if (ch === '"' && line[i + 1] === '"') {
            cur += '"';
            i++;
          } else if (ch === '"') quoted = false;
          else cur += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ",") {
          cells.push(cur);
          cur = "";
        } else cur += ch;
      }
      cells.push(cur);
      return cells;
    });
}

/** A table's body rows as text cells (header cell of the row first). */
async function tableRows(page: Page, caption: string | RegExp): Promise<string[][]> {
  const table = page.getByRole("table", { name: caption });
  await expect(table).toBeVisible();
  return table
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => (c as HTMLElement).innerText.trim())));
}

/** The first number in a cell ("1,234", "85.1%", or a link with hidden words after it). */
const n = (s: string) => Number((/-?[\d,]+(\.\d+)?/.exec(s)?.[0] ?? "NaN").replace(/,/g, ""));

test("an analyst reads occupancy, changes the grouping and the period, and the CSV matches the table", async ({ page }) => {
  await signIn(page, "analyst");
  await page.getByRole("link", { name: "Reports" }).first().click();
  await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Occupancy" }).click();
  await expect(page.getByRole("heading", { name: "Occupancy", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByText("Available unit-nights: for each night of the period")).toBeVisible();
  await expect(page.getByRole("img", { name: /Occupancy rate per/ })).toBeVisible();

  const rows = await tableRows(page, /Occupancy, grouped by: TA type/);
  expect(rows[0][0]).toBe("All units");
  const csv = await csvOf(page, "Download this table as CSV");
  expect(csv[0]).toEqual(["group", "name", "available_nights", "occupied_nights", "void_nights", "occupancy_rate"]);
  expect(csv.length - 1).toBe(rows.length);
  for (let i = 0; i < rows.length; i++) {
    expect(n(rows[i][1])).toBe(Number(csv[i + 1][2]));
    expect(n(rows[i][2])).toBe(Number(csv[i + 1][3]));
    expect(n(rows[i][3])).toBe(Number(csv[i + 1][4]));
    // Both are the same rate, occupied / available, each rounded as it is shown: a
    // percentage to one decimal place on the page, a fraction to four in the CSV.
    const rate = n(rows[i][2]) / n(rows[i][1]);
    expect(Math.abs(n(rows[i][4]) - rate * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(Math.abs(Number(csv[i + 1][5]) - rate)).toBeLessThanOrEqual(0.00005 + 1e-12);
  }
  // The type rows add up to all units.
  expect(rows.slice(1).reduce((s, r) => s + n(r[1]), 0)).toBe(n(rows[0][1]));

  // A shorter period changes the numbers.
  await page.getByRole("group", { name: "From" }).getByLabel("Day").fill("1");
  await page.getByRole("group", { name: "From" }).getByLabel("Month").fill("10");
  await page.getByRole("group", { name: "From" }).getByLabel("Year").fill("2026");
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page.getByRole("heading", { name: /1 October 2026 to/ })).toBeVisible();
  const shorter = await tableRows(page, /Occupancy, grouped by: TA type/);
  expect(n(shorter[0][1])).toBeLessThan(n(rows[0][1]));
  await expectAccessible(page);

  // Group by provider: the same total, split differently.
  await page.getByLabel("Group by").selectOption("area");
  await page.getByRole("button", { name: "Show the report" }).click();
  const byArea = await tableRows(page, /Occupancy, grouped by: In or out of area/);
  expect(byArea[0][1]).toBe(shorter[0][1]);
  expect(byArea.length).toBe(3);

  // A date that is not real: a message, not a 500.
  await page.getByRole("group", { name: "To" }).getByLabel("Day").fill("31");
  await page.getByRole("group", { name: "To" }).getByLabel("Month").fill("2");
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page.getByRole("link", { name: "End date must be a real date" })).toBeVisible();
  await expectAccessible(page);
});

test("an analyst reads length of stay with its reasons, splits it, and the CSV matches", async ({ page }) => {
  await signIn(page, "analyst");
  await page.goto("/reports/length-of-stay");
  await expect(page.getByRole("heading", { name: "Length of stay", level: 1 })).toBeVisible();
  await expect(page.getByText("Why not an average of finished stays?")).toBeVisible();
  await expectAccessible(page);
  const rows = await tableRows(page, /Length of stay, split by: TA type at entry/);
  const csv = await csvOf(page, "Download length of stay as CSV");
  expect(csv.length - 1).toBe(rows.length);
  for (let i = 0; i < rows.length; i++) {
    expect(csv[i + 1][1]).toBe(rows[i][0]);
    expect(n(rows[i][1])).toBe(Number(csv[i + 1][2]));
    expect(n(rows[i][2]) + n(rows[i][3])).toBe(n(rows[i][1]));
    expect(rows[i][4]).toBe(csv[i + 1][5] === "" ? "Not reached" : Number(csv[i + 1][5]).toLocaleString("en-GB"));
  }
  await page.getByLabel("Split by").selectOption("household_type");
  await page.getByRole("button", { name: "Show the report" }).click();
  const byType = await tableRows(page, /Length of stay, split by: Household type at entry/);
  expect(byType.map((r) => r[0])).toContain("Families");
  expect(byType[0][1]).toBe(rows[0][1]);
  await expectAccessible(page);
  // The bands of households in TA now link to the households behind them.
  const bands = await tableRows(page, "Households in TA by length of stay so far");
  await page.getByRole("link", { name: /households in TA under 6 months/ }).click();
  await expect(page.getByText(`${n(bands[0][1]).toLocaleString("en-GB")} households.`)).toBeVisible();
  await expectAccessible(page);
});

test("an analyst reads flow per month and per week, and the CSV matches", async ({ page }) => {
  await signIn(page, "analyst");
  await page.goto("/reports/flow");
  await expect(page.getByRole("heading", { name: "Flow", level: 1 })).toBeVisible();
  await expectAccessible(page);
  const months = await tableRows(page, "Entries, exits and transfers per month");
  const csv = await csvOf(page, "Download this table as CSV");
  expect(csv.length - 1).toBe(months.length);
  for (let i = 0; i < months.length; i++) {
    expect(n(months[i][2])).toBe(Number(csv[i + 1][2]));
    expect(n(months[i][3])).toBe(Number(csv[i + 1][3]));
    expect(n(months[i][6])).toBe(Number(csv[i + 1][6]));
  }
  // Each period's in-TA count moves by its net change.
  for (let i = 1; i < months.length; i++) expect(n(months[i][6]) - n(months[i - 1][6])).toBe(n(months[i][2]) - n(months[i][3]));
  await page.getByLabel("Week").check();
  await page.getByRole("button", { name: "Show the report" }).click();
  const weeks = await tableRows(page, "Entries, exits and transfers per week");
  expect(weeks.length).toBeGreaterThan(months.length);
  expect(weeks.reduce((s, r) => s + n(r[2]), 0)).toBe(months.reduce((s, r) => s + n(r[2]), 0));
  await expectAccessible(page);
  // The households behind a destination: the same number.
  const social = page.getByRole("link", { name: /^Social housing: [\d,]+ households$/ });
  const count = n((await social.innerText()).split(":")[1]);
  await social.click();
  await expect(page.getByText(`${count.toLocaleString("en-GB")} households.`)).toBeVisible();
  await expectAccessible(page);
});

test("a manager reads TA1 and TA2 at a quarter end; they reconcile, link to the households, and the CSV matches", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/reports/statutory");
  await expect(page.getByRole("heading", { name: "TA1: households in TA on the night of 30 September 2026" })).toBeVisible();
  await expectAccessible(page);
  const ta1 = await tableRows(page, "TA1 as at 30 September 2026");
  const byCode = Object.fromEntries(ta1.map((r) => [r[1], n(r[2])]));
  const categories = ["bnb", "nightly_self_contained", "hostel", "private_leased", "council_ha_stock", "other"];
  expect(categories.reduce((s, c) => s + byCode[c], 0)).toBe(byCode.total);
  const csv = await csvOf(page, "Download TA1 as CSV");
  expect(csv[0]).toEqual(["line", "households"]);
  expect(Object.fromEntries(csv.slice(1).map(([l, v]) => [l, Number(v)]))).toEqual(byCode);
  const ta2 = await tableRows(page, "TA2 as at 30 September 2026");
  expect(n(ta2[ta2.length - 1][1])).toBe(byCode.total);
  expect(ta2.slice(0, -1).reduce((s, r) => s + n(r[1]), 0)).toBe(byCode.total);
  const extract = await csvOf(page, "Download the placement-level extract as CSV");
  expect(extract[0].slice(0, 2)).toEqual(["case_ref", "household_id"]);
  expect(extract.slice(1).filter((r) => r[15] === "yes").length).toBe(byCode.total);

  // Another quarter end gives other numbers.
  await page.getByRole("link", { name: "30 June 2026" }).click();
  await expect(page.getByRole("heading", { name: /on the night of 30 June 2026/ })).toBeVisible();

  // The households behind a number: the same count.
  await page.goto("/reports/statutory?asOf=2026-09-30");
  await page.getByRole("link", { name: /households: Bed and breakfast hotels/ }).click();
  await expect(page.getByText(`${byCode.bnb.toLocaleString("en-GB")} households.`)).toBeVisible();
  await expectAccessible(page);
  const res = await page.goto("/reports/statutory?asOf=2026-02-31");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("link", { name: "As-at date must be a real date" })).toBeVisible();
});
