/**
 * The case file (issue 20, item 1): an officer adds contact details (a wrong number and email
 * are refused with GOV.UK messages, and nothing is saved), adds a note, corrects it, and sees
 * both on the timeline, each saying what it corrects or what corrected it. Sensitive needs of a
 * colleague's case read "Restricted: ask the case officer". Axe at every step.
 */
import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

const fact = (page: Page, key: string) =>
  page
    .locator(".govuk-summary-list__row", { has: page.locator("dt", { hasText: new RegExp(`^${key}$`) }) })
    .locator("dd")
    .first();

test("an officer adds contact details, adds a note, corrects it, and sees both on the timeline", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "officer");
  // Household 12: one of the demo officer's own cases (every other household is).
  await page.goto("/households/12");
  const caseRef = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
  const phoneBefore = (await fact(page, "Telephone").innerText()).trim();
  expect(phoneBefore).toMatch(/^0/);
  await expectAccessible(page);

  // A wrong number and a wrong email: one GOV.UK message each, and nothing saved.
  await page.getByRole("link", { name: `Change the contact details of household ${caseRef}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contact details" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Telephone number (optional)").fill("0770 090");
  await page.getByLabel("Email address (optional)").fill("amara.okafor@");
  await page.getByLabel("Language (optional)").fill("");
  await page.getByRole("group", { name: "Do they need an interpreter?" }).getByLabel("Yes").check();
  await page.getByRole("button", { name: "Save contact details" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.locator(".govuk-error-summary");
  await expect(
    summary.getByRole("link", { name: "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192" }),
  ).toBeVisible();
  await expect(summary.getByRole("link", { name: "Enter an email address in the correct format, like name@example.com" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Enter the language the interpreter is needed for" })).toBeVisible();
  await expect(page.getByLabel("Telephone number (optional)")).toHaveValue("0770 090");
  await expectAccessible(page);
  await page.getByRole("link", { name: `Household ${caseRef}` }).click();
  await expect(fact(page, "Telephone")).toHaveText(phoneBefore);

  // Good details: the number kept in its written form.
  await page.getByRole("link", { name: `Change the contact details of household ${caseRef}` }).click();
  await page.getByLabel("Telephone number (optional)").fill("+44 7700 900 123");
  await page.getByLabel("Email address (optional)").fill("e2e.casefile@example.com");
  await page
    .getByRole("group", { name: /How do they prefer to be contacted/ })
    .getByLabel("Text message")
    .check();
  await page.getByLabel("Language (optional)").fill("Polish");
  await page.getByRole("group", { name: "Do they need an interpreter?" }).getByLabel("Yes").check();
  await page.getByLabel("Previous settled address (optional)").fill("Demo address, not real: 7 Sample Street, Bootle");
  await page.getByLabel("District of the local connection (optional)").selectOption({ label: "Liverpool (E08000012)" });
  await page.getByLabel("Vulnerability needs (optional)").fill("Fleeing domestic abuse (e2e): do not place in Huyton");
  await page.getByLabel(/^Sensitive: only managers/).check();
  await page.getByRole("button", { name: "Save contact details" }).click();
  await expect(page.getByRole("alert")).toContainText("Contact details saved");
  await expect(fact(page, "Telephone")).toHaveText("07700 900123");
  await expect(fact(page, "Email")).toHaveText("e2e.casefile@example.com");
  await expect(fact(page, "Prefers to be contacted by")).toHaveText("Text message");
  await expect(fact(page, "Language")).toHaveText("Polish: needs an interpreter");
  await expect(fact(page, "Local connection")).toContainText("Liverpool (E08000012)");
  // The case officer sees the sensitive needs.
  await expect(fact(page, "Vulnerability needs")).toContainText("Fleeing domestic abuse (e2e)");
  await expect(fact(page, "Vulnerability needs")).toContainText("Sensitive");
  await expect(page.getByRole("table", { name: "History" })).toContainText("Changed the contact details");

  // A note: an empty one is refused, then one saved.
  await page.getByRole("link", { name: "Add a case note" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a case note" })).toBeVisible();
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Enter the note" })).toBeVisible();
  await expectAccessible(page);
  const original = "E2E: phoned, they can stay with a friend until Friday.";
  await page.getByLabel("Note", { exact: true }).fill(original);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("alert")).toContainText("Note added");
  const timeline = page.getByRole("list", { name: "Case file timeline" });
  const noteItem = timeline.locator("li", { hasText: original });
  await expect(noteItem).toContainText("Case note");
  await expect(noteItem).toContainText(/\d{1,2} \w+ 2026 at \d{1,2}:\d{2}(am|pm), Olu Officer/);

  // Corrected: a new note; the first stays word for word and says it was corrected.
  await noteItem.getByRole("link", { name: /^Correct this note/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Correct a note" })).toBeVisible();
  await expect(page.locator(".govuk-inset-text")).toContainText(original);
  await expectAccessible(page);
  const correction = "E2E correction: until Sunday, not Friday.";
  await page.getByLabel("Correction", { exact: true }).fill(correction);
  await page.getByRole("button", { name: "Save correction" }).click();
  await expect(page.getByRole("alert")).toContainText("Correction added");
  const fixed = timeline.locator("li", { hasText: original });
  const fixer = timeline.locator("li", { hasText: correction });
  await expect(fixed).toContainText(original);
  await expect(fixed).toContainText("Corrected");
  await expect(fixed.getByRole("link", { name: /^Corrected by note of \d{1,2} \w+ 2026 at / })).toBeVisible();
  await expect(fixed.getByRole("link", { name: /^Correct this note/ })).toHaveCount(0);
  await expect(fixer).toContainText("Correction");
  await expect(fixer.getByRole("link", { name: /^Corrects note of \d{1,2} \w+ 2026 at / })).toBeVisible();
  // Newest first: the correction above the note it corrects.
  const items = await timeline.locator(":scope > li").allInnerTexts();
  expect(items.findIndex((t) => t.includes(correction))).toBeLessThan(items.findIndex((t) => t.includes(original)));
  await expect(page.getByRole("table", { name: "History" })).toContainText("Corrected the case note of");
  await expectAccessible(page);

  // A colleague's case with sensitive needs (household 3 in the demo): restricted for this officer.
  await page.goto("/households/3");
  await expect(fact(page, "Vulnerability needs")).toHaveText("Restricted: ask the case officer");
  await expect(page.locator("body")).not.toContainText("do not share the address");

  // On a 375-pixel phone the case file and its forms do not scroll sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  for (const path of ["/households/12", "/households/12/contact-details", "/households/12/notes/new"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  }
});
