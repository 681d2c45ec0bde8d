import { test, expect } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test("an officer finds a family in B&B past day 35 and sees the six-week warning", async ({ page }) => {
  await signIn(page, "officer");
  await page.getByRole("link", { name: "Households" }).first().click();
  await expect(page.getByRole("heading", { name: "Households", level: 1 })).toBeVisible();
  await expectAccessible(page);
  // The demo council (as on 23 November 2026) has a family on day 36 of B&B.
  const warned: string[] = [];
  const rows = page.locator("table tbody tr");
  await expect(rows.first()).toBeVisible();
  const links = await page
    .locator("table tbody tr td:first-child a")
    .evaluateAll((as) => as.slice(0, 25).map((a) => (a as HTMLAnchorElement).pathname));
  for (const href of links) {
    await page.goto(href);
    const text = await page.locator("main").innerText();
    if (/Day \d+ of 42 in B&B/.test(text) || /six-week limit \(42 days\) is broken/.test(text)) warned.push(href);
  }
  expect(warned.length).toBeGreaterThanOrEqual(3);
  await page.goto(warned[0]);
  await expect(page.getByRole("table", { name: "Placements" })).toBeVisible();
  await expect(page.getByText("Family, for the B&B rule")).toBeVisible();
  await expectAccessible(page);
});

test("searching by case reference finds exactly that household; nonsense finds none", async ({ page }) => {
  await signIn(page, "analyst");
  await page.goto("/households");
  const firstRef = await page.locator("table tbody tr td:first-child a").first().innerText();
  await page.getByLabel("Search by name, case reference or date of birth").fill(firstRef);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText(`1 household matching ${firstRef}`)).toBeVisible();
  await page.getByLabel("Search by name, case reference or date of birth").fill("zzqqxx-no-such-person");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No households match.")).toBeVisible();
  const res = await page.goto("/households?page=-3&q=%00");
  expect(res?.status()).toBe(200);
  const missing = await page.goto("/households/999999999");
  expect(missing?.status()).toBe(404);
  const bad = await page.goto("/households/abc");
  expect(bad?.status()).toBe(404);
});

test("searching by a date of birth typed as DD/MM/YYYY finds the household; a date that is not real says why", async ({ page }) => {
  await signIn(page, "officer");
  await page.goto("/households");
  const href = await page.locator("table tbody tr td:first-child a").first().getAttribute("href");
  await page.goto(href!);
  const caseRef = (await page.locator("h1").innerText()).trim();
  const born = await page.getByRole("table", { name: "Members" }).locator("tbody tr").first().locator("td").nth(2).innerText();
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const [d, m, y] = born.trim().split(" ");
  const typed = `${d.padStart(2, "0")}/${String(months.indexOf(m) + 1).padStart(2, "0")}/${y}`;
  await page.goto("/households");
  await page.getByLabel("Search by name, case reference or date of birth").fill(typed);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: caseRef, exact: true })).toBeVisible();

  await page.getByLabel("Search by name, case reference or date of birth").fill("31/02/1990");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("alert")).toContainText("The date of birth is not a real date");
  await expect(page.getByText("0 households matching 31/02/1990")).toBeVisible();
  await expectAccessible(page);
});
