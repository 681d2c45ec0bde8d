import { test, expect } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test("data quality before a return: counts per kind on the demo data, each row links to where it is fixed", async ({ page }) => {
  await signIn(page, "officer");
  await page.goto("/reports");
  await page.getByRole("link", { name: "Data quality before a return" }).click();
  await expect(page.getByRole("heading", { name: "Data quality before a return", level: 1 })).toBeVisible();
  const summary = page.getByRole("table", { name: /problems?$/ });
  const count = async (title: string) =>
    Number(
      (
        await summary
          .getByRole("row", { name: new RegExp(`^${title}`) })
          .getByRole("cell")
          .nth(1)
          .innerText()
      ).replace(/,/g, ""),
    );
  // The demo council's units include hotel rooms typed otherwise (the type contradictions TA1 lists).
  const contradictions = await count("Units whose type contradicts their facilities");
  expect(contradictions).toBeGreaterThan(0);
  await page.goto("/stock/type-contradictions");
  await expect(page.getByRole("table")).toHaveAccessibleName(new RegExp(`^${contradictions} units? to correct`));
  await page.goBack();
  // An officer sees the list but may not download the council's case-level data.
  await expect(page.getByRole("link", { name: "Download every problem (CSV)" })).toHaveCount(0);
  await expectAccessible(page);
  // A unit's row opens the unit's edit form.
  await page
    .getByRole("region", { name: /^Units whose type contradicts their facilities/ })
    .getByRole("link")
    .first()
    .click();
  await expect(page).toHaveURL(/\/stock\/units\/\d+\/edit$/);
});

test("who looked: an administrator sees every view of a household, on its page and in the log; an officer cannot", async ({
  page,
  browser,
}) => {
  // An officer opens a household's page.
  await signIn(page, "officer");
  await page.goto("/households");
  const first = page.locator("table tbody tr td:first-child a").first();
  const caseRef = (await first.innerText()).trim();
  await first.click();
  await expect(page).toHaveURL(/\/households\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: caseRef })).toBeVisible();
  expect((await page.request.get("/admin/access-log")).status()).toBe(403);
  await expect(page.getByRole("table", { name: /^Who looked/ })).toHaveCount(0);

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "administrator");
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "Who looked at which record" }).click();
  await admin.getByLabel("Case reference").fill(caseRef);
  await admin.getByRole("button", { name: "Show" }).click();
  const log = admin.getByRole("table", { name: `Views of ${caseRef}, newest first` });
  await expect(log.getByRole("row").nth(1)).toContainText("Opened a household's page");
  await expect(log.getByRole("row").nth(1)).toContainText("Olu Officer");
  await expectAccessible(admin);
  // On the household's page, the administrator's own view comes first.
  await log.getByRole("link", { name: caseRef }).first().click();
  const who = admin.getByRole("table", { name: /^Who looked/ });
  await expect(who.getByRole("row").nth(1)).toContainText("Opened the household's page");
  await expect(who).toContainText("Olu Officer");
});

test("subject access: a manager finds a member from the household page and gets everything held, to print and as a file", async ({
  page,
  browser,
}) => {
  await signIn(page, "manager");
  await page.goto("/households");
  const first = page.locator("table tbody tr td:first-child a").first();
  const caseRef = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name: caseRef })).toBeVisible();
  await page.getByRole("link", { name: "Answer a subject access request from a member" }).click();
  const members = page.getByRole("table", { name: "Members of the household" });
  const name = (await members.getByRole("link").first().innerText()).trim();
  await members.getByRole("link").first().click();
  await expect(page.getByLabel("Full name")).toHaveValue(name);
  const records = page.getByRole("table", { name: new RegExp(`^${name}, born .*: \\d+ records?$`) });
  await expect(records.getByRole("link", { name: caseRef })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Everything held about them, to print or save as PDF" }).click();
  await expect(page.getByRole("heading", { name: `Everything held about ${name}`, exact: false })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Household ${caseRef}` })).toBeVisible();
  await expect(page.getByRole("table", { name: /^Members \(\d+\)$/ }).first()).toContainText(name);
  await expect(page.getByRole("table", { name: /^Who looked at the record/ }).first()).toContainText("household");
  await expectAccessible(page);

  await page.goBack();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Everything held about them, as a machine-readable file (JSON)" }).click(),
  ]);
  const file = JSON.parse(await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString("utf8")));
  expect(file.person.name).toBe(name);
  expect(file.households.map((h: { caseRef: string }) => h.caseRef)).toContain(caseRef);

  // A bad date of birth is refused with a GOV.UK message; an officer may not answer requests.
  await page.goto(`/households/subject-access?name=${encodeURIComponent(name)}&dob=31%2F02%2F1990`);
  await expect(page.getByRole("alert")).toContainText("date of birth");
  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, "officer");
  expect((await officer.request.get("/households/subject-access")).status()).toBe(403);
});

test("an officer decides that two records are the same person: the pair leaves the list and both households show the link", async ({
  page,
}) => {
  await signIn(page, "officer");
  await page.goto("/reports/data-quality");
  const section = page.getByRole("region", { name: /^The same person in two households/ });
  const before = await section.locator("tbody tr").count();
  expect(before).toBeGreaterThan(0);
  const row = section.locator("tbody tr").first();
  const [first, other] = await row.getByRole("link").allInnerTexts();
  await row.getByRole("button", { name: /^The same person/ }).click();
  await expect(page.getByRole("alert")).toContainText("Recorded as the same person");
  await expect(page.getByRole("region", { name: /^The same person in two households/ }).locator("tbody tr")).toHaveCount(before - 1);
  await expectAccessible(page);
  await page.goto("/households");
  const ref = first.split(":")[0].trim();
  await page.getByLabel("Search by name, case reference or date of birth").fill(ref);
  await page.getByRole("button", { name: "Search" }).click();
  // The household with exactly that reference (a search may list others after it).
  await page.locator("table tbody tr td:first-child a", { hasText: new RegExp(`^${ref}$`) }).click();
  await expect(page.getByRole("table", { name: "The same person in another household" })).toContainText(other.trim());
  await expect(page.getByRole("table", { name: "History" })).toContainText("as the same person as a member of another household");
});
