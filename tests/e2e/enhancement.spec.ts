import { test, expect, type Page } from "@playwright/test";
import { expectAccessible, signIn, USERS } from "./helpers";

/** GOV.UK Frontend's JavaScript as progressive enhancement, fingerprinted assets, and a manager's Today. */

async function submitEmptySignIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
}

test("after a refused submission the error summary takes focus, and its link moves focus to the field", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto("/sign-in");
  // GOV.UK Frontend initialised its components (it marks each root element it enhanced).
  await expect(page.locator("body")).toHaveClass(/govuk-frontend-supported/);
  await expect(page.locator('[data-module="govuk-skip-link"]')).toHaveAttribute("data-govuk-skip-link-init", "");
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toBeFocused();
  await expect(summary.locator("a").first()).toHaveAttribute("href", "#email");
  await summary.getByRole("link").first().click();
  await expect(page.getByLabel("Email address")).toBeFocused();
  // A second refusal focuses the summary again (React keeps the same element).
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(summary).toBeFocused();
  await expectAccessible(page);
  expect(errors).toEqual([]);
});

test("a date's error links to the first box in error, and only that box is marked", async ({ page }) => {
  await signIn(page, "officer");
  await page.goto("/stock");
  const unit = await page.locator("main a[href^='/stock/units/']").first().getAttribute("href");
  expect(unit).toBeTruthy();
  // The calendar's window: a start date with no month.
  await page.goto(`${unit}?from-day=1&from-month=&from-year=2026&to-day=1&to-month=12&to-year=2026`);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#from-month");
  await expect(page.locator("#from-month")).toHaveClass(/govuk-input--error/);
  await expect(page.locator("#from-day")).not.toHaveClass(/govuk-input--error/);
  await expect(page.locator("#from-year")).not.toHaveClass(/govuk-input--error/);
  await expect(page.locator("#from-day")).toHaveValue("1");
  await summary.getByRole("link").click();
  await expect(page.locator("#from-month")).toBeFocused();
  await expectAccessible(page);
  // A report's period: the summary links to a box of the date, never to the group around it.
  await page.goto("/reports/occupancy?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026&group=ta_type");
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#from-day");
  await summary.getByRole("link").click();
  await expect(page.locator("#from-day")).toBeFocused();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  test("forms still submit, refuse and sign in", async ({ page }) => {
    await submitEmptySignIn(page);
    await expect(page.locator(".govuk-error-summary a").first()).toHaveAttribute("href", "#email");
    await page.getByLabel("Email address").fill(USERS.officer);
    await page.getByLabel("Password").fill("waypoint-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  });
});

test("stylesheets and the script have fingerprinted names, cached for a year as immutable", async ({ page, request }) => {
  await page.goto("/sign-in");
  const css = await page.locator('link[rel="stylesheet"]').evaluateAll((ls) => ls.map((l) => l.getAttribute("href") ?? ""));
  const js = await page.locator('link[rel="modulepreload"]').evaluateAll((ls) => ls.map((l) => l.getAttribute("href") ?? ""));
  const assets = [...css, ...js].filter((h) => h.startsWith("/assets/"));
  expect(assets).toEqual([
    expect.stringMatching(/^\/assets\/govuk-frontend\.min\.[0-9a-f]{12}\.css$/),
    expect.stringMatching(/^\/assets\/waypoint\.[0-9a-f]{12}\.css$/),
    expect.stringMatching(/^\/assets\/govuk-frontend\.min\.[0-9a-f]{12}\.js$/),
  ]);
  for (const href of assets) {
    const res = await request.get(href);
    expect(res.status(), href).toBe(200);
    expect(res.headers()["cache-control"], href).toBe("public, max-age=31536000, immutable");
  }
  // The plain names still answer (GOV.UK's CSS refers to its fonts and images by path), for an hour.
  const plain = await request.get("/waypoint.css");
  expect(plain.headers()["cache-control"]).toBe("public, max-age=3600");
});

test("a manager's Today links only to pages a manager may open", async ({ page, request }) => {
  await signIn(page, "manager");
  const hrefs = await page.locator("main a[href^='/']").evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href") ?? ""))]);
  expect(hrefs.length).toBeGreaterThan(5);
  const cookies = await page.context().cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const refused: string[] = [];
  for (const href of hrefs) {
    const res = await request.get(href, { headers: { cookie }, maxRedirects: 0 });
    if (res.status() === 403) refused.push(href);
  }
  expect(refused).toEqual([]);
  await expectAccessible(page);
});
