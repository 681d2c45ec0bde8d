import { test, expect, type Page, type Locator } from "@playwright/test";
import pg from "pg";
import { expectAccessible, signIn } from "./helpers";

async function fillMember(
  group: Locator,
  m: { name: string; dob: [string, string, string]; relationship: string; sex: string; pregnant?: boolean },
) {
  await group.getByLabel("Full name").fill(m.name);
  await group.getByLabel("Day").fill(m.dob[0]);
  await group.getByLabel("Month").fill(m.dob[1]);
  await group.getByLabel("Year").fill(m.dob[2]);
  await group.getByLabel("Relationship to the household").selectOption(m.relationship);
  await group.getByLabel("Sex").selectOption(m.sex);
  if (m.pregnant) await group.getByRole("checkbox").check();
}

const member = (page: Page, n: number) => page.getByRole("group", { name: `Member ${n}`, exact: true });

test("an officer registers a family, plans its move-on, records an s208 notice and follows a warning from Today", async ({ page }) => {
  // A long journey with an accessibility scan at every step: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await signIn(page, "officer");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Households" }).first().click();
  await page.getByRole("button", { name: "Register a household" }).click();
  await expect(page.getByRole("heading", { name: "Register a household" })).toBeVisible();
  await expectAccessible(page);

  // Nothing filled in: GOV.UK errors, and nothing saved.
  await page.getByRole("button", { name: "Register household" }).click();
  await expect(page.getByRole("link", { name: "Enter the case reference" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  const caseRef = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await page.getByLabel("Case reference").fill(caseRef);
  await page.getByRole("group", { name: "Duty owed" }).getByLabel("Interim duty (s188)").check();
  await page.getByRole("group", { name: "Does the household need step-free access?" }).getByLabel("No").check();
  await page.getByRole("group", { name: "Is the household awaiting a placement?" }).getByLabel("Yes").check();
  await fillMember(member(page, 1), { name: "Amara Okafor", dob: ["1", "5", "1994"], relationship: "lead", sex: "female", pregnant: true });
  await page.getByRole("button", { name: "Add another member" }).click();
  await expect(member(page, 2)).toBeVisible();
  await expect(member(page, 1).getByLabel("Full name")).toHaveValue("Amara Okafor");
  await fillMember(member(page, 2), { name: "Tobi Okafor", dob: ["31", "2", "2019"], relationship: "child", sex: "male" });
  await page.getByRole("button", { name: "Add another member" }).click();
  await fillMember(member(page, 3), { name: "Kemi Okafor", dob: ["14", "8", "2022"], relationship: "child", sex: "female" });
  await page.getByRole("button", { name: "Register household" }).click();
  // 31 February: refused, the input kept.
  await expect(page.getByRole("link", { name: "Date of birth must be a real date" })).toBeVisible();
  await expect(member(page, 2).getByLabel("Day")).toHaveValue("31");
  await expectAccessible(page);
  await member(page, 2).getByLabel("Day").fill("28");
  await page.getByRole("button", { name: "Register household" }).click();

  // The household page: derived facts.
  await expect(page.getByRole("heading", { name: caseRef, level: 1 })).toBeVisible();
  const fact = (key: string) =>
    page
      .locator(".govuk-summary-list__row", { has: page.locator("dt", { hasText: key }) })
      .locator("dd")
      .first();
  await expect(fact("Dependent children")).toHaveText("2");
  await expect(fact("Pregnant member")).toHaveText("Yes");
  await expect(fact("Family, for the B&B rule")).toContainText("Yes");
  await expect(fact("Bedroom need (bedroom standard)")).toContainText("2Bedroom 1");
  await expect(fact("Awaiting a placement")).toContainText("Yes, since 23 November 2026");
  await expectAccessible(page);

  // Edit it: audited.
  await page.getByRole("link", { name: `Edit household ${caseRef}` }).click();
  await expectAccessible(page);
  await expect(member(page, 3).getByLabel("Full name")).toHaveValue("Kemi Okafor");
  await page.getByLabel("Support needs").fill("Fleeing domestic abuse");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(fact("Support needs")).toHaveText("Fleeing domestic abuse");
  await expect(page.getByRole("table", { name: "History" })).toContainText("Changed the household's details");

  // A move-on plan.
  await page.getByRole("link", { name: "Add a move-on plan" }).click();
  await expectAccessible(page);
  await page.getByLabel("Social housing").check();
  await page.getByLabel("Day").fill("31");
  await page.getByLabel("Month").fill("3");
  await page.getByLabel("Year").fill("2027");
  await page.getByLabel("Next action").fill("Chase the housing association for a viewing date");
  await page.getByRole("button", { name: "Save move-on plan" }).click();
  await expect(page.locator("#move-on + .govuk-summary-list")).toContainText("Social housing");
  await expect(page.locator("#move-on + .govuk-summary-list")).toContainText("31 March 2027");

  // A demo household placed out of district whose s208 notice is overdue, from Today.
  await page.getByRole("link", { name: "Today" }).first().click();
  await expectAccessible(page);
  const notices = page.locator("section", { has: page.getByRole("heading", { name: /Notices to receiving councils overdue/ }) });
  const noticeLink = notices.getByRole("link").first();
  await expect(noticeLink).toBeVisible();
  const href = (await noticeLink.getAttribute("href"))!;
  const householdPath = href.replace(/\/placements\/.*$/, "");
  const placementId = /placements\/(\d+)/.exec(href)![1];
  await page.goto(householdPath);
  await expect(page.getByText(/\(s208\) was due by .* overdue/).first()).toBeVisible();
  await expectAccessible(page);
  await page.goto(`${householdPath}/placements/${placementId}/notice/print`);
  await expect(page.getByText("Date the accommodation was made available")).toBeVisible();
  await expect(page.getByText("Duty under which it was provided")).toBeVisible();
  // The receiving council by name, and where its notices go (the demo's register of districts).
  await expect(page.getByText(/^To: \w[\w ]* Council/)).toBeVisible();
  await expect(page.getByText("Housing Options (demo address, not real)")).toBeVisible();
  await expect(page.locator(".govuk-summary-list__row", { hasText: "District" })).toContainText(/[A-Z][a-z]+ \(E0\d{7}\)/);
  await expectAccessible(page);
  await page.goto(href);
  await expect(page.getByRole("heading", { name: "Notice to the receiving council (s208)" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Record as sent" }).click();
  await expect(page.getByRole("link", { name: "Enter the date sent" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Day").fill("23");
  await page.getByLabel("Month").fill("11");
  await page.getByLabel("Year").fill("2026");
  await page.getByLabel("Receiving council").fill("Sefton Council");
  await page.getByLabel("Email").check();
  await page.getByRole("button", { name: "Record as sent" }).click();
  await expect(page.getByRole("heading", { name: "Notices to receiving councils (s208)" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Notices to receiving councils" })).toContainText(
    "23 November 2026 to Sefton Council (Email)",
  );
  await expect(page.getByRole("link", { name: new RegExp(`Record the notice for unit`) })).toHaveCount(
    await page.getByText(/\(s208\) was due by/).count(),
  );
  await page.goto("/");
  await expect(page.locator(`a[href="${href}"]`)).toHaveCount(0);

  // Follow a B&B warning from Today to the household.
  const bnb = page.locator("section", {
    has: page.getByRole("heading", { name: /Families in B&B (past the six-week limit|from day 35)/ }),
  });
  await bnb.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/households\/\d+$/);
  await expect(page.locator(".govuk-warning-text", { hasText: /Day \d+ of 42 in B&B|six-week limit \(42 days\) is broken/ })).toBeVisible();
  await expectAccessible(page);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("members are added and removed with buttons, and a duplicate case reference links to the existing household", async ({ page }) => {
    await signIn(page, "officer");
    await page.goto("/households");
    const existing = await page.locator("table tbody tr td:first-child a").first().innerText();
    await page.goto("/households/new");
    await page.getByLabel("Case reference").fill(existing.toLowerCase());
    await page.getByRole("button", { name: "Add another member" }).click();
    await page.getByRole("button", { name: "Add another member" }).click();
    await expect(member(page, 3)).toBeVisible();
    await expect(page.getByLabel("Case reference")).toHaveValue(existing.toLowerCase());
    await page.getByRole("button", { name: "Remove member 2" }).click();
    await expect(member(page, 3)).toHaveCount(0);
    await page.getByRole("group", { name: "Duty owed" }).getByLabel("Main duty (s193)").check();
    await page.getByRole("group", { name: "Does the household need step-free access?" }).getByLabel("No").check();
    await page.getByRole("group", { name: "Is the household awaiting a placement?" }).getByLabel("No").check();
    await fillMember(member(page, 1), { name: "Sam Walsh", dob: ["2", "3", "1985"], relationship: "lead", sex: "male" });
    await fillMember(member(page, 2), { name: "Lou Walsh", dob: ["", "", ""], relationship: "partner", sex: "" });
    await page.getByRole("button", { name: "Register household" }).click();
    // (axe needs JavaScript; this page is scanned with errors in the journey above.)
    await expect(page.getByRole("link", { name: `A household with case reference ${existing} already exists` })).toBeVisible();
    await page.getByRole("link", { name: "Open the household that already has this case reference" }).click();
    await expect(page.getByRole("heading", { name: existing, level: 1 })).toBeVisible();
  });
});

test("an officer records a late s202 review request and its decision; bad dates are refused", async ({ page }) => {
  await signIn(page, "officer");
  await page.goto("/households");
  await page.locator("table tbody tr td:first-child a").nth(3).click();
  await page.getByRole("link", { name: "Record a review request" }).click();
  await expectAccessible(page);
  const date = async (legend: string, d: string, m: string, y: string) => {
    const g = page.getByRole("group", { name: legend });
    await g.getByLabel("Day").fill(d);
    await g.getByLabel("Month").fill(m);
    await g.getByLabel("Year").fill(y);
  };
  await date("Date of the offer", "1", "9", "2026");
  await date("Date of the request", "30", "2", "2026");
  await page.getByRole("button", { name: "Record request" }).click();
  await expect(page.getByRole("link", { name: "Date of the request must be a real date" })).toBeVisible();
  await expectAccessible(page);
  await date("Date of the request", "25", "9", "2026");
  await page.getByRole("button", { name: "Record request" }).click();
  const reviews = page.getByRole("table", { name: "Suitability reviews" });
  await expect(reviews).toContainText("After 21 days");
  await expect(reviews).toContainText("19 November 2026");
  await expect(reviews).toContainText("Overdue");
  await expect(page.locator(".govuk-warning-text", { hasText: "(s202) was due by 19 November 2026" })).toBeVisible();
  await reviews.getByRole("link", { name: /Record the decision/ }).click();
  await expectAccessible(page);
  await page.getByLabel("Not upheld").check();
  await date("Date of the decision", "23", "11", "2026");
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByRole("table", { name: "Suitability reviews" })).toContainText("23 November 2026 (late)");
  await expectAccessible(page);
});

test("an administrator adds a notification type", async ({ page }) => {
  await signIn(page, "administrator");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Notification types" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save type" }).click();
  await expect(page.getByRole("link", { name: "Enter a code" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Code").fill("social_care");
  await page.getByLabel("Name").fill("Children's social care");
  await page.getByLabel("Yes").check();
  await page.getByRole("button", { name: "Save type" }).click();
  await expect(page.getByRole("table", { name: "Types" })).toContainText("Children's social care");
});

test("an administrator names a district and where its notices go; a code that is not a GSS code is refused", async ({ page }) => {
  await signIn(page, "administrator");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Districts and where notices go" }).click();
  await expect(page.getByRole("table", { name: "Districts" })).toContainText("Knowsley");
  await page.getByLabel("GSS code").fill("K123");
  await page.getByLabel("Name", { exact: true }).fill("Somewhere");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the district's GSS code, like E08000011");
  await expectAccessible(page);
  await page.getByLabel("GSS code").fill("e08000010");
  await page.getByLabel("Name", { exact: true }).fill("Wigan");
  await page.getByLabel("Council", { exact: true }).fill("Wigan Council");
  await page.getByLabel("Address for notices").fill("Housing Options (test address)\n2 Example Road\nWigan");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved Wigan (E08000010).")).toBeVisible();
  await expect(page.getByRole("table", { name: "Districts" }).getByRole("row", { name: /E08000010/ })).toContainText("Wigan Council");
});

test("an administrator uploads the ONS list of districts: English districts are added and the notice addresses kept; a file with a problem is refused", async ({
  page,
}) => {
  await signIn(page, "administrator");
  await page.goto("/admin/districts");
  await expect(page.getByText("Local Authority Districts (May 2024) Names and Codes in the UK")).toBeVisible();
  const upload = (content: string) =>
    page.getByLabel("CSV file of district names and codes").setInputFiles({
      name: "LAD_MAY_2024_UK_NC.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(content, "utf8"),
    });
  // A mistyped code: the whole file is refused, naming the row, and nothing is added.
  await upload("\uFEFFLAD24CD,LAD24NM,LAD24NMW,ObjectId\r\nE08000001,Bolton,,1\r\nE0800002,Bury,,2\r\n");
  await page.getByRole("button", { name: "Upload the file" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator(".govuk-error-summary")).toContainText(
    "Row 3: LAD24CD must be the GSS code of an English district: E06, E07, E08 or E09 and 6 more digits, like E08000011 (the file has E0800002). Nothing was saved",
  );
  await expect(page.getByRole("table", { name: "Districts" })).not.toContainText("Bolton");
  await expectAccessible(page);
  // The file as the ONS gives it: two districts added, Knowsley as it was, Wales skipped.
  await upload(
    "\uFEFFLAD24CD,LAD24NM,LAD24NMW,ObjectId\r\nE08000001,Bolton,,1\r\nE08000002,Bury,,2\r\nE08000011,Knowsley,,3\r\nW06000001,Isle of Anglesey,Ynys Môn,4\r\n",
  );
  await page.getByRole("button", { name: "Upload the file" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText(
    "Districts loaded: 2 added, 0 renamed, 1 unchanged, 1 outside England skipped.",
  );
  await expect(page.locator(".govuk-notification-banner--success")).toContainText(
    /\d+ districts are in the register but not in the file: kept as they are/,
  );
  const table = page.getByRole("table", { name: "Districts" });
  await expect(table.getByRole("row", { name: /E08000001/ })).toContainText("Bolton");
  await expect(table.getByRole("row", { name: /E08000002/ })).toContainText("Bury");
  // The council's notice address for Knowsley is kept.
  await expect(table.getByRole("row", { name: /E08000011/ })).toContainText("Knowsley Council");
  await expect(table.getByRole("row", { name: /E08000011/ })).toContainText("Housing Options (demo address, not real)");
  await expectAccessible(page);
});

test("registering someone already known warns at the door, links to them, and the officer records that it is the same person", async ({
  page,
}) => {
  // A lead applicant of the demo, by name and date of birth (the database the browser tests run on):
  // not the first, which the subject access journey looks for by name, and one with no likely
  // duplicate already, so that once this pair is decided the data-quality list is as it was.
  const u = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  u.pathname = `/${process.env.E2E_DB ?? "waypoint_e2e"}`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  const known = (
    await c.query<{ name: string; dob: string; case_ref: string }>(
      `SELECT m.name, to_char(m.date_of_birth, 'YYYY-MM-DD') AS dob, h.case_ref FROM household_members m
       JOIN households h ON h.id = m.household_id
       WHERE m.relationship = 'lead' AND m.date_of_birth IS NOT NULL AND h.case_ref LIKE 'HOM-%'
         AND NOT EXISTS (SELECT 1 FROM household_members o WHERE o.date_of_birth = m.date_of_birth AND o.household_id <> m.household_id)
       ORDER BY m.id OFFSET 60 LIMIT 1`,
    )
  ).rows[0];
  await c.end();
  const [y, mo, d] = known.dob.split("-");

  await signIn(page, "officer");
  await page.goto("/households/new");
  await page.getByLabel("Case reference").fill(`DOOR-${Date.now()}`);
  await page.getByRole("group", { name: "Duty owed" }).getByLabel("Interim duty (s188)").check();
  await page.getByRole("group", { name: "Does the household need step-free access?" }).getByLabel("No").check();
  await page.getByRole("group", { name: "Is the household awaiting a placement?" }).getByLabel("Yes").check();
  await fillMember(member(page, 1), {
    name: known.name.toUpperCase(),
    dob: [String(Number(d)), String(Number(mo)), y],
    relationship: "lead",
    sex: "",
  });
  await page.getByRole("button", { name: "Register household" }).click();

  await expect(page.getByRole("heading", { name: "Someone here may already be known" })).toBeVisible();
  await expect(page.getByRole("link", { name: known.case_ref })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Register household anyway" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Is this the same person?" })).toBeVisible();
  const pairs = page.getByRole("table", { name: "Possibly the same person" });
  await expect(pairs).toContainText(known.case_ref);
  await expectAccessible(page);
  await pairs
    .getByRole("button", { name: `The same person as ${known.name} in ${known.case_ref}` })
    .first()
    .click();
  // The one pair decided, the household's page confirms it and shows the link.
  await expect(page.getByRole("alert")).toContainText("Recorded whether each is the same person");
  await expect(page.getByRole("main")).toContainText(known.case_ref);
  await page.goto("/reports/data-quality");
  await expect(page.getByRole("main")).not.toContainText(`DOOR-`);
});
