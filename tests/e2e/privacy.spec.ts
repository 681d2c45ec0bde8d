/**
 * Issue 22, items 6 and 2 in the browser, on the demo council: a manager merges a family
 * registered twice and undoes it; an administrator sees the retention dry run.
 */
import { test, expect } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test("a manager merges a household registered twice into the other, and undoes the merge", async ({ page, browser }) => {
  await signIn(page, "manager");
  await page.goto("/households?q=Twofold");
  const results = page.locator("table tbody tr td:first-child a");
  await expect(results).toHaveText(["DUP-002", "DUP-001"]);
  await page.getByRole("link", { name: "DUP-001" }).click();
  await page.getByRole("link", { name: /^Merge a household registered twice into this one/ }).click();
  await expect(page.getByRole("heading", { name: "Merge a household registered twice", level: 1 })).toBeVisible();

  // Into itself: refused, with the message by the field.
  await page.getByLabel("Case reference of the household to merge into this one").fill("DUP-001");
  await page.getByRole("button", { name: "Check what moves" }).click();
  await expect(page.getByRole("alert")).toContainText("A household cannot be merged into itself");
  await expectAccessible(page);

  await page.getByLabel("Case reference of the household to merge into this one").fill("DUP-002");
  await page.getByRole("button", { name: "Check what moves" }).click();
  await expect(page.getByRole("heading", { name: "Check what moves from DUP-002" })).toBeVisible();
  await expect(page.locator("main")).toContainText("Kit Twofold (member)");
  await expect(page.locator("main")).toContainText("Mo Twofold (already a member here)");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Merge DUP-002 into DUP-001" }).click();

  await expect(page.getByRole("heading", { name: "Household merged into this one" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" })).toContainText("Kit Twofold");
  await expect(page.getByRole("table", { name: "Households merged into this one" })).toContainText("DUP-002");
  await expect(page.getByRole("table", { name: "History" })).toContainText("Merged household DUP-002 into household DUP-001");
  await expectAccessible(page);

  // The merged household is hidden from search; its page says where it went.
  await page.goto("/households?q=Twofold");
  await expect(results).toHaveText(["DUP-001"]);
  await page.getByRole("link", { name: "DUP-001" }).click();
  await page.getByRole("table", { name: "Households merged into this one" }).getByRole("link", { name: "DUP-002" }).click();
  await expect(page.getByText(/^Merged into DUP-001 on .* by Mina Manager\.$/)).toBeVisible();
  await expectAccessible(page);
  // Nothing new is written to the merged household: an officer's view of its page offers no
  // change, and a note sent to it anyway is refused with the case to use.
  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, "officer");
  const mergedPath = new URL(page.url()).pathname;
  await officer.goto(mergedPath);
  await expect(officer.getByText(/^Merged into DUP-001 on /)).toBeVisible();
  await expect(officer.getByRole("link", { name: "Add a case note" })).toHaveCount(0);
  await expect(officer.getByRole("button", { name: "Find a unit", exact: true })).toHaveCount(0);
  await officer.goto(`${mergedPath}/notes/new`);
  await officer.getByLabel("Note").fill("Rang the family.");
  await officer.getByRole("button", { name: "Save note" }).click();
  await expect(officer.getByRole("heading", { name: "This change was not saved", level: 1 })).toBeVisible();
  await expect(officer.locator("main")).toContainText(
    "Household DUP-002 was merged into DUP-001: record this in DUP-001. Nothing was saved.",
  );
  await expectAccessible(officer);
  await officer.context().close();
  await page.getByRole("link", { name: "DUP-001" }).first().click();

  await page.getByRole("link", { name: /^Merge a household registered twice into this one, or undo a merge/ }).click();
  await page.getByRole("button", { name: "Undo the merge of DUP-002" }).click();
  await expect(page.getByRole("heading", { name: /^Merge undone/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" })).not.toContainText("Kit Twofold");
  await expect(page.getByRole("table", { name: "History" })).toContainText("Undid the merge of household DUP-002 into household DUP-001");
  await page.goto("/households?q=Twofold");
  await expect(results).toHaveText(["DUP-002", "DUP-001"]);
});

test("an officer cannot merge households", async ({ page }) => {
  await signIn(page, "officer");
  await page.goto("/households?q=Twofold");
  await page.getByRole("link", { name: "DUP-001" }).click();
  await expect(page.getByRole("link", { name: /^Merge a household/ })).toHaveCount(0);
  const id = new URL(page.url()).pathname.split("/")[2];
  expect((await page.request.get(`/households/${id}/merge`)).status()).toBe(403);
});

test("an administrator sees the retention dry run: the old closed cases that would be anonymised, and one kept on legal hold", async ({
  page,
}) => {
  await signIn(page, "administrator");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Retention: closed cases due to be anonymised (dry run)" }).click();
  await expect(page.getByRole("heading", { name: "Closed cases due to be anonymised", level: 1 })).toBeVisible();
  await expect(page.locator("main")).toContainText("Closed cases are kept 6 years");
  const due = page.getByRole("table", { name: /^Would be anonymised/ });
  // The demo's eight old closed cases (ARC-…) not on hold; a browser test that imports old
  // history (import.spec) may add its own, so only the demo's are counted here.
  await expect(due.locator("tbody tr").filter({ hasText: "ARC-" })).toHaveCount(8);
  await expect(due).toContainText("ARC-2017-001");
  const held = page.getByRole("table", { name: /^Kept on legal hold/ });
  await expect(held).toContainText("ARC-2018-003");
  await expectAccessible(page);
  // Nothing was changed: the case still holds its names.
  await due.getByRole("link", { name: "ARC-2017-001" }).click();
  await expect(page.getByRole("table", { name: "Members" })).toContainText("Harriet Oldfield");
  // Legal hold: put on, with its reason; the dry run then keeps it.
  await page.getByRole("link", { name: /^Put the case on legal hold/ }).click();
  await page.getByRole("button", { name: "Put the case on legal hold" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter why the case must be kept");
  await expectAccessible(page);
  await page.getByLabel("Why must the case be kept?").fill("An Ombudsman complaint is open");
  await page.getByRole("button", { name: "Put the case on legal hold" }).click();
  await expect(page.getByRole("heading", { name: "Legal hold saved" })).toBeVisible();
  await page.goto("/admin/retention");
  await expect(
    page
      .getByRole("table", { name: /^Would be anonymised/ })
      .locator("tbody tr")
      .filter({ hasText: "ARC-" }),
  ).toHaveCount(7);
  await expect(page.getByRole("table", { name: /^Kept on legal hold/ })).toContainText("An Ombudsman complaint is open");
  // The period is a council setting.
  await page.goto("/admin/settings");
  await expect(page.getByLabel("Years a closed case is kept")).toHaveValue("6");
  await expectAccessible(page);
});
