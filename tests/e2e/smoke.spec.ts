import { test, expect } from "@playwright/test";
import { expectAccessible, signIn, USERS, PASSWORD } from "./helpers";

test("the sign-in page lists the demo accounts and is accessible", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2F$/);
  await expect(page.getByRole("heading", { name: "Sign in to Waypoint" })).toBeVisible();
  await expect(page.getByRole("cell", { name: USERS.officer })).toBeVisible();
  await expectAccessible(page);
});

test("a wrong password gets a GOV.UK error and does not say whether the account exists", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(USERS.officer);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
  await expect(page.getByLabel("Email address")).toHaveValue(USERS.officer);
  await expectAccessible(page);
  await page.getByLabel("Email address").fill("nobody@demo.waypoint.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
});

for (const role of ["officer", "manager", "analyst", "administrator"] as const) {
  test(`${/^[aeiou]/.test(role) ? "an" : "a"} ${role} signs in, sees today's figures and signs out`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByText("households in temporary accommodation tonight")).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Menu" });
    if (role === "administrator") await expect(nav.getByRole("link", { name: "Administration" })).toBeVisible();
    else await expect(nav.getByRole("link", { name: "Administration" })).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });
}

test("an administrator adds a user, who can then sign in; a bad form changes nothing", async ({ page, browser }) => {
  await signIn(page, "administrator");
  await page.goto("/admin/users/new");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page).toHaveTitle(/^Error: Add a user/);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Enter the person's name");
  await expect(summary).toContainText("Select a role");
  await expect(summary).toContainText("Password must be 12 characters or more");
  await expectAccessible(page);
  const email = `new.officer.${Date.now()}@demo.waypoint.test`;
  await page.getByLabel("Full name").fill("Nia Newstarter");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Housing officer").check();
  await page.getByLabel("Starting password").fill("a long enough password");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("heading", { name: "Nia Newstarter" })).toBeVisible();

  const other = await browser.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Email address").fill(email);
  await other.getByLabel("Password").fill("a long enough password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("heading", { name: "Today" })).toBeVisible();

  // Disabling the account signs that person out at once.
  await page.getByLabel("Disabled").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/); // saved: the form redirects to the list
  await other.reload();
  await expect(other).toHaveURL(/\/sign-in/);
  await other.close();
});

test("an officer cannot reach administration; unknown pages are a GOV.UK 404", async ({ page }) => {
  await signIn(page, "officer");
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
});

test("pages carry security headers with a script nonce", async ({ request }) => {
  const res = await request.get("/sign-in");
  const csp = res.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["referrer-policy"]).toBe("same-origin");
});
