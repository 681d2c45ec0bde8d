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
