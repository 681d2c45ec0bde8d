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
  await page.locator("table tbody tr td:first-child a").first().click();
  await expect(page).toHaveURL(/\/households\/\d+$/);
  const caseRef = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
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
