import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";
import { generateImportSet } from "../support/import-set";

const SET = generateImportSet({
  households: 12,
  units: 12,
  seed: 5,
  today: "2026-11-01",
  prefix: "IMP",
  unitPrefix: "IMPU",
  providerSuffix: " (imported)",
});
const asFiles = (files: Record<string, string>) =>
  Object.entries(files).map(([name, content]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(content) }));

async function upload(page: Page, files: Record<string, string>) {
  await page.goto("/import");
  await page.getByLabel("Upload CSV files").setInputFiles(asFiles(files));
  await page.getByRole("button", { name: "Check the files" }).click();
}

test("an administrator imports a small set after a dry run, and sees the households", async ({ page }) => {
  await signIn(page, "administrator");
  await page.getByRole("link", { name: "Import" }).first().click();
  await expect(page.getByRole("heading", { name: "Import data", level: 1 })).toBeVisible();
  await expectAccessible(page);

  const blank = await page.request.get("/import/template/households.csv");
  expect(blank.headers()["content-type"]).toContain("text/csv");
  expect((await blank.text()).replace(/^\uFEFF/, "")).toBe("case_ref,lead_name,duty,step_free_needed,support_needs,awaiting_since\r\n");

  await page.getByRole("link", { name: "Read how to fill in the import template" }).click();
  await expect(page.getByRole("heading", { name: "The import template, version 1" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Columns of placements.csv" })).toBeVisible();
  await expectAccessible(page);

  await upload(page, SET);
  await expect(page.getByRole("heading", { name: "Check the import" })).toBeVisible({ timeout: 30_000 });
  const plan = page.getByRole("table", { name: "What the import does" });
  await expect(plan.getByRole("row", { name: /households\.csv 12 12 0 0/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/import-dry-run.png", fullPage: true });

  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import complete" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("rows imported")).toBeVisible();
  await expectAccessible(page);
  // The button pressed again once the import has run (a double press, the form sent again):
  // the page says where the import stands, with no error above "Import complete".
  const again = await page.request.post(page.url(), { form: { confirm: "yes" }, maxRedirects: 0 });
  expect([302, 303]).toContain(again.status());
  await page.reload();
  await expect(page.getByRole("heading", { name: "Import complete" })).toBeVisible();
  await expect(page.getByText("cannot be imported now")).toHaveCount(0);

  await page.getByRole("link", { name: "View households" }).click();
  await page.getByLabel("Search by name, case reference or date of birth").fill("IMP/000001");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("1 household matching IMP/000001")).toBeVisible();

  // the same files again: nothing to add
  await upload(page, SET);
  await expect(page.getByRole("heading", { name: "Check the import" })).toBeVisible({ timeout: 30_000 });
  await expect(
    page.getByRole("table", { name: "What the import does" }).getByRole("row", { name: /households\.csv 12 0 0 12/ }),
  ).toBeVisible();

  // and it comes back out as a download in the template's columns
  await page.goto("/exports");
  await expect(page.getByRole("heading", { name: "Download data" })).toBeVisible();
  await expectAccessible(page);
  const exported = await page.request.get("/exports/households.csv");
  expect(await exported.text()).toContain("IMP/000001,");
});

test("a broken file is refused with each problem on its row, and nothing is saved", async ({ page }) => {
  await signIn(page, "administrator");
  await page.goto("/import");
  await page.getByRole("button", { name: "Check the files" }).click();
  await expect(page.getByRole("link", { name: "Select one or more CSV files to upload" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await upload(page, {
    "households.csv": "case_ref,lead_name,duty\r\nBRK/1,Ann Broken,s188\r\nBRK/1,Bob Broken,s999\r\n",
    "members.csv": "case_ref,name,date_of_birth,relationship\r\nBRK/1,Ann Broken,31/02/1990,lead\r\nBRK/404,Nobody,1990-01-01,lead\r\n",
  });
  await expect(page.getByRole("heading", { name: "Your files have problems" })).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveTitle(/Your files have problems/);
  const problems = page.getByRole("table", { name: /Problems/ });
  await expect(problems.getByRole("row", { name: /households\.csv 3 case_ref BRK\/1 .*already used on row 2/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /households\.csv 3 duty s999/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /members\.csv 2 date_of_birth 31\/02\/1990 .*not a real date/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /members\.csv 3 case_ref BRK\/404/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Import" })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/import-problems.png", fullPage: true });

  await page.goto("/households?q=BRK%2F1");
  await expect(page.getByText("No households match.")).toBeVisible();
});

test("an officer cannot import", async ({ page }) => {
  await signIn(page, "officer");
  await expect(page.getByRole("link", { name: "Import", exact: true })).toHaveCount(0);
  const res = await page.goto("/import");
  expect(res?.status()).toBe(403);
});

test("a long check shows its progress, updating itself, with a link to check again without JavaScript", async ({ page }) => {
  // a job part-way through, as the server records it on the upload's row
  const pg = (await import("pg")).default;
  const url = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.E2E_DB ?? "waypoint_e2e"}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const id = "0123456789abcdef0123456789abcdef";
  try {
    await client.query("DELETE FROM import_uploads WHERE id = $1", [id]);
    await client.query(
      `INSERT INTO import_uploads (id, user_id, expires_at, status, bytes_total, bytes_done, phase, updated_at)
       SELECT $1, id, now() + interval '1 hour', 'checking', 40000000, 16000000, 'Reading and checking every row', now() + interval '1 hour'
       FROM users WHERE email = 'admin@demo.waypoint.test'`,
      [id],
    );
    await signIn(page, "administrator");
    await page.goto(`/import/${id}`);
    await expect(page.getByRole("heading", { name: "Checking your files" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Check progress" })).toBeVisible();
    await expect(page.getByRole("progressbar", { name: "Files read: 40%" })).toBeVisible();
    await expect(page.getByText("15.3 MB of 38.1 MB read")).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/import-progress.png", fullPage: true });
    // the page asks again by itself: move the job on and see it without reloading
    await client.query("UPDATE import_uploads SET bytes_done = 32000000 WHERE id = $1", [id]);
    await expect(page.getByRole("progressbar", { name: "Files read: 80%" })).toBeVisible({ timeout: 10_000 });
    // another user's upload is not found
    await page.context().clearCookies();
    await signIn(page, "manager");
    const res = await page.goto(`/import/${id}`);
    expect(res?.status()).toBe(404);
  } finally {
    await client.query("DELETE FROM import_uploads WHERE id = $1", [id]);
    await client.end();
  }
});
