import { test, expect, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { expectAccessible, signIn } from "./helpers";

const poundsToPence = (s: string) => Math.round(Number(s.replace(/[£,]/g, "")) * 100);

/** A row of the audit's summary: "786 nights, £34,981.10" as [nights, pence]. */
async function figure(page: Page, key: string): Promise<[number, number]> {
  const text = await page.locator(".govuk-summary-list__row", { hasText: key }).locator("dd").first().innerText();
  const m = /^([\d,]+) nights?, (£[\d,.]+)$/.exec(text.trim());
  expect(m, `${key}: ${text}`).not.toBeNull();
  return [Number(m![1].replace(/,/g, "")), poundsToPence(m![2])];
}

async function auditFigures(page: Page) {
  await page.goto("/money/occupancy-audit");
  await expect(page.getByRole("heading", { name: "Occupancy audit", level: 1 })).toBeVisible({ timeout: 30_000 });
  const placements = Number(
    (await page.locator(".govuk-summary-list__row", { hasText: "Placements a visit found" }).locator("dd").innerText()).replace(/,/g, ""),
  );
  return { placements, still: await figure(page, "Still paid after"), recovered: await figure(page, "Recovered") };
}

test("an officer records a visit that found the household gone, the audit's figures change, and ending the placement from that date recovers the nights", async ({
  page,
}) => {
  await signIn(page, "officer");
  const before = await auditFigures(page);
  expect(before.placements).toBeGreaterThan(0);
  await expect(
    page
      .getByRole("table", { name: /^Rooms empty for long/ })
      .locator("tbody tr")
      .first(),
  ).toContainText("PL-");
  await expect(page.getByRole("table", { name: /^Invoice lines after the household left/ }).locator("tbody tr")).not.toHaveCount(0);
  await expectAccessible(page);

  // The weeks are chosen on the page; a nonsense value is explained, and the default used.
  await page.getByLabel("No contact for at least this many weeks").fill("abc");
  await page.getByRole("button", { name: "Show the lists" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Weeks must be a whole number from 1 to 104");
  await page.getByLabel("No contact for at least this many weeks").fill("12");
  await page.getByRole("button", { name: "Show the lists" }).click();
  await expect(page.getByRole("heading", { name: "Placements with no contact for 12 weeks" })).toBeVisible();

  // A household nobody has contacted for weeks: its placement started long before 13 November.
  const quiet = page.getByRole("table", { name: /^Placements with no recent contact/ });
  const household = quiet.locator("tbody tr").first().getByRole("link");
  const caseRef = (await household.innerText()).trim();
  await household.click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const householdUrl = new URL(page.url()).pathname;
  const contactsBefore = await page.getByRole("table", { name: "Contacts and visits, latest first" }).locator("tbody tr").count();
  await page.getByRole("link", { name: "Record a contact or visit" }).click();
  await expect(page.getByRole("heading", { name: "Record a contact", level: 1 })).toBeVisible();

  // Bad input: nothing at all, then a date still to come with an outcome on a phone call.
  await page.getByRole("button", { name: "Record contact" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Enter the date of the contact");
  await expect(summary).toContainText("Select the kind of contact");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  const date = page.getByRole("group", { name: "Date of the contact" });
  await date.getByLabel("Day").fill("24");
  await date.getByLabel("Month").fill("11");
  await date.getByLabel("Year").fill("2026");
  await page.getByLabel("Phone call").check();
  await page.getByLabel("Left (the household no longer lives there)").check();
  await page.getByRole("button", { name: "Record contact" }).click();
  await expect(summary).toContainText("Date of the contact must be today or in the past");
  await expect(summary).toContainText("Only a home visit at the placement has an outcome");
  await expect(date.getByLabel("Day")).toHaveValue("24");

  // The visit on 13 November found them gone.
  await date.getByLabel("Day").fill("13");
  await page.getByLabel("Time (optional)").fill("10:15");
  await page.getByLabel("Home visit at the placement").check();
  await page.getByLabel("Note").fill("Neighbour says they moved out a fortnight ago; post piling up");
  await page.getByRole("button", { name: "Record contact" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const contacts = page.getByRole("table", { name: "Contacts and visits, latest first" });
  await expect(contacts.locator("tbody tr")).toHaveCount(contactsBefore + 1);
  await expect(contacts.locator("tbody tr").first()).toContainText("13 November 2026, 10:15");
  await expect(contacts.locator("tbody tr").first()).toContainText("Left (the household no longer lives there)");
  await expect(page.locator(".govuk-warning-text", { hasText: "on 13 November 2026 found: left" })).toBeVisible();
  await expectAccessible(page);

  // The audit now counts the ten nights from 13 to 22 November as paid after they were found gone.
  const found = await auditFigures(page);
  expect(found.placements).toBe(before.placements + 1);
  expect(found.still[0]).toBe(before.still[0] + 10);
  expect(found.still[1]).toBeGreaterThanOrEqual(before.still[1]);
  expect(found.recovered).toEqual(before.recovered);

  // Back on the household's page, the warning leads to ending the placement from the date found.
  await page.goto(householdUrl);
  await page.locator(".govuk-warning-text").getByRole("link", { name: "End the placement from 13 November 2026" }).click();
  await expect(page.getByRole("heading", { name: "End the placement", level: 1 })).toBeVisible();
  const end = page.getByRole("group", { name: "End date (check-out)" });
  await expect(end.getByLabel("Day")).toHaveValue("13");
  await expect(end.getByLabel("Month")).toHaveValue("11");
  await expect(end.getByLabel("Year")).toHaveValue("2026");
  await expectAccessible(page);
  await page.getByLabel("Yes, they are leaving temporary accommodation").check();
  await page.getByLabel("Lost contact").check();
  await page.getByLabel("Why is the placement ending?").fill("A home visit found the household gone");
  await page.getByRole("button", { name: "End placement" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  await expect(page.locator(".govuk-warning-text", { hasText: "on 13 November 2026 found: left" })).toHaveCount(0);

  // The ten nights are no longer paid: recovered, at the same money.
  const ended = await auditFigures(page);
  expect(ended.placements).toBe(found.placements);
  expect(ended.still).toEqual(before.still);
  expect(ended.recovered[0]).toBe(before.recovered[0] + 10);
  expect(ended.recovered[1] - before.recovered[1]).toBe(found.still[1] - before.still[1]);
  await expect(
    page.getByRole("table", { name: /^Ended since the household was found gone/ }).locator("tr", { hasText: caseRef }),
  ).toContainText("Ended 13 November 2026");
  await expectAccessible(page);
});

test("a manager downloads the audit's lists as CSV, the same rows as the page", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/money");
  await page.getByRole("link", { name: "Occupancy audit" }).click();
  await expect(page.getByRole("heading", { name: "Occupancy audit", level: 1 })).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the placements with no contact (CSV)" }).click(),
  ]);
  const lines = (await readFile((await download.path())!, "utf8")).trim().split(/\r\n/);
  expect(lines[0]).toBe("case_ref,unit_ref,provider,placement_start,last_contact,weeks_without_contact");
  const text = await page.locator("#no-contact + p").innerText();
  const count = Number(/([\d,]+) placements?\./.exec(text)![1].replace(/,/g, ""));
  expect(lines.length - 1).toBe(count);
  const [voids] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the rooms empty for long (CSV)" }).click(),
  ]);
  const v = (await readFile((await voids.path())!, "utf8")).trim().split(/\r\n/);
  expect(v[0]).toBe("unit_ref,provider,ta_type,empty_since,nights,paid_for_them");
  expect(v.length).toBeGreaterThan(1);

  // The rate history chart of a provider, with its table.
  await page.goto("/money/rates");
  await page.getByRole("link", { name: "A provider's rate history, as a chart" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "A provider's rate history" })).toBeVisible();
  await page.getByLabel("Provider", { exact: true }).selectOption({ index: 0 });
  await page.getByRole("button", { name: "Show the rate history" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Rate history: / })).toBeVisible();
  await expect(page.locator("figure").first()).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.locator(".waypoint-chart-narrow figure")).toBeVisible();
  await expect(page.locator(".waypoint-chart-wide figure")).toBeHidden();
});
