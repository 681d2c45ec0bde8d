import { test, expect, type Page } from "@playwright/test";
import { recordReasonIfAsked, expectAccessible, signIn } from "./helpers";

/** A household awaiting a placement, preferring a family (the demo council, as on 23 November 2026). */
async function awaitingHousehold(page: Page): Promise<string> {
  let first: string | null = null;
  for (let p = 1; p <= 6; p++) {
    await page.goto(`/households?page=${p}`);
    const hrefs = await page
      .locator("table tbody tr")
      .filter({ hasText: "Awaiting a placement" })
      .locator("td:first-child a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    for (const href of hrefs) {
      first ??= href;
      await page.goto(href);
      if (/Family, for the B&B rule\s*Yes/.test(await page.locator("main").innerText())) return href;
    }
  }
  if (!first) throw new Error("No household awaiting a placement in the demo data");
  return first;
}

async function fillDate(page: Page, legend: string, d: string, m: string, y: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(d);
  await group.getByLabel("Month").fill(m);
  await group.getByLabel("Year").fill(y);
}

test("an officer finds a unit, places a household in B&B, transfers them, meets a clash and ends the episode", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "officer");
  const household = await awaitingHousehold(page);
  await page.goto(household);
  const caseRef = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
  await expectAccessible(page);

  // Find a unit: B&B, from today.
  await page.getByRole("button", { name: "Find a unit" }).click();
  await expect(page.getByRole("heading", { name: "Find a unit", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Type of accommodation").selectOption({ label: "Bed and breakfast" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText(/units? free from 23 November 2026, open-ended/)).toBeVisible();
  await expectAccessible(page);
  const text = await page.locator("main").innerText();
  if (/family, so B&B only in an emergency/.test(text)) {
    // B&B is shown for a family, marked with the reason, not hidden.
    await expect(page.getByText("B&B is unsuitable for a family except in an emergency", { exact: false }).first()).toBeVisible();
  }
  const placeLink = page.getByRole("link", { name: /^Place here/ }).first();
  const bnbRef = (await placeLink.innerText()).match(/unit (.+)\)/)![1];
  await placeLink.click();
  await expect(page.getByRole("heading", { name: "Check and place the household" })).toBeVisible();
  await expectAccessible(page);
  await recordReasonIfAsked(page);
  await page.getByRole("button", { name: "Place household" }).click();

  // Back on the household page: the placement shows, tonight.
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const placements = page.getByRole("table", { name: "Placements" });
  await expect(placements.getByRole("row").filter({ hasText: bnbRef })).toContainText("Tonight");
  await expectAccessible(page);

  // Transfer to a self-contained unit a week later.
  await page.getByRole("link", { name: `Transfer (unit ${bnbRef})` }).click();
  await expect(page.getByRole("heading", { name: "Find a unit to transfer to" })).toBeVisible();
  await fillDate(page, "Date of the move", "30", "11", "2026");
  // Every nightly-paid unit in the demo is booked on that date; leased flats are free.
  await page.getByLabel("Type of accommodation").selectOption({ label: "Private sector leased" });
  await page.getByRole("button", { name: "Search" }).click();
  await expectAccessible(page);
  const transferLink = page.getByRole("link", { name: /^Transfer here/ }).first();
  const flatRef = (await transferLink.innerText()).match(/unit (.+)\)/)![1];
  await transferLink.click();
  await expect(page.getByRole("heading", { name: "Transfer the household" })).toBeVisible();
  await expectAccessible(page);
  await recordReasonIfAsked(page);
  await page.getByRole("button", { name: "Transfer household" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  await expect(placements.getByRole("row").filter({ hasText: flatRef })).toContainText("30 November 2026");
  await expect(placements.getByRole("row").filter({ hasText: bnbRef })).toContainText("30 November 2026");

  // A clash: taking the new unit out of service over the placement is refused, with a link to the household.
  await page.goto(`/stock?q=${encodeURIComponent(flatRef)}`);
  await page.getByRole("link", { name: flatRef, exact: true }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Unit ${flatRef}`) })).toBeVisible();
  await expect(page.getByRole("table", { name: /Bookings and voids/ })).toContainText(`household ${caseRef}`);
  await expectAccessible(page);
  await fillDate(page, "Start date (first night unavailable)", "2", "12", "2026");
  await page.getByLabel("Reason").fill("Boiler replacement");
  await page.getByRole("button", { name: "Take out of service" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText(`The unit is already booked from 30 November 2026 with no end date for household ${caseRef}`);
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await summary.getByRole("link", { name: `View household ${caseRef}` }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();

  // End the episode: a destination is required when leaving TA.
  await page.getByRole("link", { name: `End placement (unit ${flatRef})` }).click();
  await expect(page.getByRole("heading", { name: "End the placement" })).toBeVisible();
  await expectAccessible(page);
  await fillDate(page, "End date (check-out)", "10", "12", "2026");
  await page.getByLabel("Yes, they are leaving temporary accommodation").check();
  await page.getByLabel("Why is the placement ending?").fill("Accepted an offer of a council flat");
  await page.getByRole("button", { name: "End placement" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Select where the household went");
  await expectAccessible(page);
  await page.getByLabel("Social housing").check();
  await page.getByRole("button", { name: "End placement" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const episodes = page.getByRole("table", { name: "Time in temporary accommodation (episodes)" });
  await expect(episodes.getByRole("row").nth(1)).toContainText("Social housing");
  await expect(episodes.getByRole("row").nth(1)).toContainText("10 December 2026");
  await expectAccessible(page);
});

test("stock lists are searchable and paged, and bad input never breaks a page", async ({ page }) => {
  await signIn(page, "officer");
  await page.getByRole("link", { name: "Stock" }).first().click();
  await expect(page.getByRole("heading", { name: "Stock", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toBeVisible();
  await page.getByRole("link", { name: "Providers and properties" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Add a provider" }).click();
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the provider's name");
  await expectAccessible(page);
  await page.getByLabel("Name").fill("Test Lettings Ltd");
  await page.getByLabel("Agent").check();
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByRole("heading", { name: "Test Lettings Ltd" })).toBeVisible();
  await expectAccessible(page);

  // A property and a unit, then the unit's page: out of service, then retired.
  await page.getByRole("button", { name: "Add a property" }).click();
  await page.getByLabel("Property name").fill("Canning Street Flats");
  await page.getByLabel("Address line 1").fill("12 Canning Street");
  await page.getByLabel("Town or city").fill("Liverpool");
  await page.getByLabel("Postcode").fill("not a postcode");
  await page.getByLabel("Local authority district (GSS code)").fill("E08000012");
  await page.getByRole("button", { name: "Add property" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter a real postcode, like L1 1AA");
  await expect(page.getByLabel("Property name")).toHaveValue("Canning Street Flats");
  await expectAccessible(page);
  await page.getByLabel("Postcode").fill("L8 7NP");
  await page.getByRole("button", { name: "Add property" }).click();
  await expect(page.getByRole("heading", { name: "Canning Street Flats", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Add a unit" }).click();
  await page.getByLabel("Unit reference").fill("PSL-TEST-1");
  await page.getByLabel("Private sector leased").check();
  await page.getByLabel("Bedrooms").fill("2");
  await page.getByLabel("Maximum number of people").fill("4");
  for (const q of [
    "Is the kitchen shared with another household?",
    "Is the bathroom shared with another household?",
    "Is the toilet shared with another household?",
  ]) {
    await page.getByRole("group", { name: q }).getByLabel("No").check();
  }
  await page.getByRole("group", { name: "Does the unit have step-free access?" }).getByLabel("Yes").check();
  await page.getByRole("button", { name: "Add unit" }).click();
  await expect(page.getByRole("heading", { name: /Unit PSL-TEST-1/ })).toBeVisible();
  await expectAccessible(page);
  await fillDate(page, "Start date (first night unavailable)", "1", "12", "2026");
  await fillDate(page, "End date (available again), if known", "30", "11", "2026");
  await page.getByLabel("Reason").fill("Redecoration");
  await page.getByRole("button", { name: "Take out of service" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("End date must be after the start date");
  await expectAccessible(page);
  await fillDate(page, "End date (available again), if known", "8", "12", "2026");
  await page.getByRole("button", { name: "Take out of service" }).click();
  await expect(page.getByRole("table", { name: "Out-of-service periods" })).toContainText("Redecoration");
  await fillDate(page, "Retire from", "1", "1", "2027");
  await page.getByRole("button", { name: "Retire unit" }).click();
  await expect(page.getByRole("heading", { name: /Unit PSL-TEST-1/ })).toContainText("Retired from 1 January 2027");
  await expectAccessible(page);
  for (const url of [
    "/stock?page=-1&q=%00",
    "/stock/units/999999999",
    "/stock/units/abc",
    "/households/1/find-unit?start-day=31&start-month=2&start-year=2026",
  ]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBeLessThan(500);
  }
  await expect(page.getByText("Start date must be a real date").first()).toBeVisible();
});
