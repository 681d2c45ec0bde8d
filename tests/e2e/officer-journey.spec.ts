/**
 * The officer's whole journey, as issue 3 describes it: register a family, find a unit,
 * place them in B&B, see the six-week warning appear as the clock moves on, transfer
 * them to a self-contained flat, and end the episode with a destination. Axe on every
 * page. The test controls "today" with the test clock.
 */
import { test, expect, type Locator, type Page } from "@playwright/test";
import { expectAccessible, recordReasonIfAsked, setToday, signIn } from "./helpers";

async function fillDate(scope: Page | Locator, legend: string, d: string, m: string, y: string) {
  const group = scope.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(d);
  await group.getByLabel("Month").fill(m);
  await group.getByLabel("Year").fill(y);
}

async function fillMember(group: Locator, m: { name: string; dob: [string, string, string]; relationship: string; sex: string }) {
  await group.getByLabel("Full name").fill(m.name);
  await group.getByLabel("Day").fill(m.dob[0]);
  await group.getByLabel("Month").fill(m.dob[1]);
  await group.getByLabel("Year").fill(m.dob[2]);
  await group.getByLabel("Relationship to the household").selectOption(m.relationship);
  await group.getByLabel("Sex").selectOption(m.sex);
}

test("an officer registers a family, places them in B&B, is warned on day 36, transfers them and ends the episode", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "officer");
  await setToday(page, "2026-11-23");

  // Register a family: a parent and two children.
  await page.goto("/households/new");
  await expectAccessible(page);
  const caseRef = `JOURNEY-${Date.now().toString(36).toUpperCase()}`;
  await page.getByLabel("Case reference").fill(caseRef);
  await page.getByRole("group", { name: "Duty owed" }).getByLabel("Interim duty (s188)").check();
  await page.getByRole("group", { name: "Does the household need step-free access?" }).getByLabel("No").check();
  await page.getByRole("group", { name: "Is the household awaiting a placement?" }).getByLabel("Yes").check();
  const member = (n: number) => page.getByRole("group", { name: `Member ${n}`, exact: true });
  await fillMember(member(1), { name: "Zainab Idowu", dob: ["3", "7", "1990"], relationship: "lead", sex: "female" });
  await page.getByRole("button", { name: "Add another member" }).click();
  await fillMember(member(2), { name: "Femi Idowu", dob: ["9", "1", "2018"], relationship: "child", sex: "male" });
  await page.getByRole("button", { name: "Add another member" }).click();
  await fillMember(member(3), { name: "Ada Idowu", dob: ["20", "6", "2021"], relationship: "child", sex: "female" });
  await page.getByRole("button", { name: "Register household" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const householdUrl = new URL(page.url()).pathname;
  await expectAccessible(page);

  // Find a unit: B&B is shown for a family, marked unsuitable with the reason, not hidden.
  await page.getByRole("button", { name: "Find a unit" }).click();
  await page.getByLabel("Type of accommodation").selectOption({ label: "Bed and breakfast" });
  await page.getByRole("button", { name: "Search" }).click();
  await expectAccessible(page);
  await expect(page.getByText(/B&B is unsuitable for a family/).first()).toBeVisible();
  await expect(page.getByText("Estimated net cost to the council").first()).toBeVisible();
  const placeLink = page.getByRole("link", { name: /^Place here/ }).first();
  const bnbRef = (await placeLink.innerText()).match(/unit (.+)\)/)![1];
  await placeLink.click();
  await expectAccessible(page);
  // B&B for a family only with a recorded reason: refused without one, nothing saved.
  await page.getByRole("button", { name: "Place household" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("select why you are placing them there");
  await expectAccessible(page);
  await page.getByLabel("An emergency: nothing suitable is available").check();
  await page.getByLabel("More about the decision").fill("Out of hours; no self-contained unit free tonight");
  await page.getByRole("button", { name: "Place household" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const placements = page.getByRole("table", { name: "Placements" });
  await expect(placements.getByRole("row").filter({ hasText: bnbRef })).toContainText("Tonight");

  // The clock moves on: day 36 in B&B (from the night of 23 November) brings the warning.
  await setToday(page, "2026-12-28");
  await page.goto(householdUrl);
  await expect(page.getByText("Day 36 of 42 in B&B")).toBeVisible();
  await expectAccessible(page);
  // Today lists the family among the six-week warnings, linking to its page.
  await page.goto("/");
  await expect(page.getByRole("link", { name: caseRef }).first()).toBeVisible();
  await expectAccessible(page);

  // Transfer to a self-contained flat on that day.
  await page.goto(householdUrl);
  await page.getByRole("link", { name: `Transfer (unit ${bnbRef})` }).click();
  await fillDate(page, "Date of the move", "28", "12", "2026");
  await page.getByLabel("Type of accommodation").selectOption({ label: "Private sector leased" });
  await page.getByRole("button", { name: "Search" }).click();
  await expectAccessible(page);
  const transferLink = page.getByRole("link", { name: /^Transfer here/ }).first();
  const flatRef = (await transferLink.innerText()).match(/unit (.+)\)/)![1];
  await transferLink.click();
  await recordReasonIfAsked(page);
  await page.getByRole("button", { name: "Transfer household" }).click();
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  await expect(placements.getByRole("row").filter({ hasText: flatRef })).toContainText("Tonight");
  // Out of B&B: no warning, and 35 B&B nights recorded for the episode.
  await expect(page.getByText(/of 42 in B&B/)).toHaveCount(0);
  await expectAccessible(page);

  // End the episode: the household moves to social housing on 15 January 2027.
  await setToday(page, "2027-01-15");
  await page.goto(householdUrl);
  await page.getByRole("link", { name: `End placement (unit ${flatRef})` }).click();
  await fillDate(page, "End date (check-out)", "15", "1", "2027");
  await page.getByLabel("Yes, they are leaving temporary accommodation").check();
  await page.getByLabel("Why is the placement ending?").fill("Accepted a social housing offer");
  await page.getByLabel("Social housing").check();
  await page.getByRole("button", { name: "End placement" }).click();
  const episodes = page.getByRole("table", { name: "Time in temporary accommodation (episodes)" });
  await expect(episodes.getByRole("row").nth(1)).toContainText("23 November 2026");
  await expect(episodes.getByRole("row").nth(1)).toContainText("15 January 2027");
  await expect(episodes.getByRole("row").nth(1)).toContainText("Social housing");
  await expect(episodes.getByRole("row").nth(1)).toContainText("53");
  // Managers see the B&B placement and the reason recorded.
  await page.goto("/placements/unsuitable");
  const decided = page.getByRole("row").filter({ hasText: caseRef }).filter({ hasText: bnbRef });
  await expect(decided).toContainText("B&B is unsuitable for a family");
  await expect(decided).toContainText("An emergency: nothing suitable is available");
  await expect(decided).toContainText("Out of hours; no self-contained unit free tonight");
  await expectAccessible(page);
  await page.goto(householdUrl);

  // The history says what happened, where and when, in the page's date style.
  const history = page.getByRole("table", { name: "History" });
  await expect(history).toContainText(`Placed in unit ${bnbRef} from 23 November 2026`);
  await expect(history).toContainText(`Left unit ${bnbRef} on 28 December 2026 (transfer)`);
  await expect(history).toContainText(`Transferred to unit ${flatRef} from 28 December 2026`);
  await expect(history).toContainText(
    `Placement in unit ${flatRef} ended on 15 January 2027: Accepted a social housing offer; went to social housing`,
  );
  await expect(history.getByRole("row").nth(1)).toContainText(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)/);
  await expectAccessible(page);
});

test("a transfer booked for a later day: the new placement has no nights yet, and the one being left offers only a correction", async ({
  page,
}) => {
  await signIn(page, "officer");
  // A household in TA tonight in a placement with no end booked (the demo council on 23 November 2026),
  // from the newest pages of the register (other journeys add households that are not in TA).
  const placements = page.getByRole("table", { name: "Placements" });
  const transfer = placements
    .getByRole("row")
    .filter({ hasText: "Tonight" })
    .getByRole("link", { name: /^Transfer \(unit/ })
    .first();
  let householdUrl = "";
  for (let listPage = 1; listPage <= 8 && !householdUrl; listPage++) {
    await page.goto(`/households?page=${listPage}`);
    const hrefs = await page
      .locator("table tbody tr")
      .filter({ hasNotText: "Not in TA" })
      .filter({ hasNotText: "Awaiting a placement" })
      .locator("td:first-child a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    for (const href of hrefs) {
      await page.goto(href);
      if ((await transfer.count()) > 0) {
        householdUrl = page.url();
        break;
      }
    }
  }
  expect(householdUrl).not.toBe("");
  const fromRef = (await transfer.innerText()).match(/unit (.+)\)/)![1];
  await transfer.click();
  await expect(page.getByRole("heading", { name: "Find a unit to transfer to" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await fillDate(page, "Date of the move", "26", "11", "2026");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/start-day=26&start-month=11&start-year=2026/);
  const here = page.getByRole("link", { name: /^Transfer here/ }).first();
  const toRef = (await here.innerText()).match(/unit (.+)\)/)![1];
  await here.click();
  await recordReasonIfAsked(page);
  await page.getByRole("button", { name: "Transfer household" }).click();
  await expect(page).toHaveURL(`${householdUrl}?done=transferred`);
  await expect(page.getByRole("alert")).toContainText("Transfer recorded");

  const headers = await placements.locator("thead th").allInnerTexts();
  const nights = headers.findIndex((h) => h.trim() === "Nights");
  const newRow = placements.getByRole("row").filter({ hasText: toRef });
  await expect(newRow.locator("td, th").nth(nights)).toHaveText("0");
  const oldRow = placements.getByRole("row").filter({ hasText: fromRef });
  await expect(oldRow.getByRole("link", { name: /^Transfer/ })).toHaveCount(0);
  await expect(oldRow.getByRole("link", { name: /^End placement/ })).toHaveCount(0);
  await expect(oldRow.getByRole("link", { name: /^Correct dates/ })).toHaveCount(1);
  await expectAccessible(page);

  // The new placement starts on 26 November: a transfer from it, or its end, defaults to the 27th, not today.
  await newRow.getByRole("link", { name: /^Transfer \(unit/ }).click();
  const move = page.getByRole("group", { name: "Date of the move" });
  await expect(move.getByLabel("Day")).toHaveValue("27");
  await expect(move.getByLabel("Month")).toHaveValue("11");
  await page.goto(householdUrl);
  await placements
    .getByRole("row")
    .filter({ hasText: toRef })
    .getByRole("link", { name: /^End placement/ })
    .click();
  const end = page.getByRole("group", { name: "End date (check-out)" });
  await expect(end.getByLabel("Day")).toHaveValue("27");
  // Every problem at once: an end on the start day, no choice, no reason.
  await end.getByLabel("Day").fill("26");
  await page.getByRole("button", { name: "End placement" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("End date must be after the start date");
  await expect(summary).toContainText("Select whether the household is leaving temporary accommodation");
  await expect(summary).toContainText("Enter why the placement is ending");
  await expectAccessible(page);
});
