import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const PASSWORD = "waypoint-demo-2026";
export const USERS = {
  officer: "officer@demo.waypoint.test",
  manager: "manager@demo.waypoint.test",
  analyst: "analyst@demo.waypoint.test",
  administrator: "admin@demo.waypoint.test",
} as const;

/** Scans the page with axe for WCAG 2.2 A and AA failures. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function signIn(page: Page, role: keyof typeof USERS) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(USERS[role]);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
}

/** Moves the app's "today" for this browser only (honoured when WAYPOINT_TEST_CLOCK=1). */
export async function setToday(page: Page, date: string) {
  await page
    .context()
    .addCookies([
      { name: "waypoint_today", value: date, url: page.url().startsWith("http") ? new URL(page.url()).origin : "http://127.0.0.1:3210" },
    ]);
}
