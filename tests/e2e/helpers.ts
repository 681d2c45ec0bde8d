import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const PASSWORD = "waypoint-demo-2026";
export const USERS = {
  officer: "officer@demo.waypoint.test",
  manager: "manager@demo.waypoint.test",
  analyst: "analyst@demo.waypoint.test",
  administrator: "admin@demo.waypoint.test",
} as const;

/** The widths every page is scanned at: the smallest phone GOV.UK supports, a common phone, a desktop. */
export const AXE_WIDTHS = [320, 412, 1280] as const;
/**
 * The narrow widths are scanned once per distinct page (its path with ids as ":id", so every
 * household page is one page) and the desktop width on every call: scanning every call at
 * three widths tripled the browser suite's axe time (docs/decisions/0043). Set
 * WAYPOINT_AXE_ALL_WIDTHS=1 to scan every call at every width.
 */
const narrowScanned = new Set<string>();
const pageOf = (url: string) => new URL(url).pathname.replace(/\/\d+(?=\/|$)/g, "/:id");

async function axeViolations(page: Page): Promise<string[]> {
  // Legacy mode runs axe.run in the page itself: the app has no frames, and the default mode
  // opens a blank page for every scan to finish the run, which more than doubled a scan's time.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .setLegacyMode(true)
    .analyze();
  return results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")})`,
  );
}

/**
 * Scans the page with axe for WCAG 2.2 A and AA failures at each of AXE_WIDTHS (a keyboard
 * trap or an unreachable scroll box may show only at a phone's width), then puts the
 * viewport back as it was.
 */
export async function expectAccessible(page: Page) {
  const original = page.viewportSize() ?? { width: 1280, height: 720 };
  const path = pageOf(page.url());
  const narrow = process.env.WAYPOINT_AXE_ALL_WIDTHS !== "1" && narrowScanned.has(path) ? [] : AXE_WIDTHS.filter((w) => w < 1280);
  narrowScanned.add(path);
  const found: string[] = [];
  try {
    for (const width of [...narrow, 1280]) {
      const t0 = Date.now();
      await page.setViewportSize({ width, height: original.height });
      for (const v of await axeViolations(page)) found.push(`at ${width}px: ${v}`);
      if (process.env.WAYPOINT_AXE_TIMING === "1") console.log(`axe-time ${width}px ${Date.now() - t0}ms ${path}`);
    }
  } finally {
    await page.setViewportSize(original);
  }
  expect(found, `axe violations on ${page.url()}`).toEqual([]);
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

/** On the place and transfer pages: when the unit does not suit the household, record why (an emergency). */
export async function recordReasonIfAsked(page: Page) {
  // The page must have arrived before asking whether it asks: counting straight after the click
  // that opens it counted the page before (issue 21 found this when a unit with a warning came first).
  await page.getByRole("button", { name: /^(Place|Transfer) household$/ }).waitFor();
  const group = page.getByRole("group", { name: "Why are you placing the household in a unit that does not suit them?" });
  if ((await group.count()) > 0) await group.getByLabel("An emergency: nothing suitable is available").check();
}
