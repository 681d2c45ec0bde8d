import { test, expect, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * Issue 20, snag 9: at a 375-pixel phone's width no page scrolls sideways. A table stacks its
 * rows (each cell labelled with its column), a chart is drawn compact, and only a report's wide
 * grid may scroll, inside its own labelled box that a keyboard can reach.
 */
async function sidewaysOverflow(page: Page): Promise<{ page: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      // Inside a box that scrolls by design, or visually hidden (a stacked table keeps its headers for screen readers).
      if (el.parentElement?.closest(".waypoint-table-scroll, .waypoint-table--stack thead, .govuk-visually-hidden")) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) culprits.push(`${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
    }
    return { page: document.documentElement.scrollWidth - width, culprits: culprits.slice(0, 5) };
  });
}

const PAGES = [
  "/",
  "/?scope=all",
  "/households",
  "/money",
  "/money/rates/market",
  "/money/voids",
  "/money/invoices",
  "/reports/occupancy",
  "/reports/length-of-stay",
  "/reports/statutory",
  "/stock",
];

test("at 375 pixels no page scrolls sideways: tables stack, charts are compact", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "manager");
  // A household in B&B, from the whole council's Today.
  await page.goto("/?scope=all");
  const hrefs = await page.locator('main a[href^="/households/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const household = hrefs.find((h) => /^\/households\/\d+$/.test(h));
  for (const path of [...PAGES, household!]) {
    await page.goto(path);
    const o = await sidewaysOverflow(page);
    expect({ path, ...o }).toEqual({ path, page: 0, culprits: [] });
  }
  // A stacked row still names each figure: the cell's label is its column's header.
  await page.goto(household!);
  const cell = page.locator("table.waypoint-table--stack td[data-label]").first();
  await expect(cell).toBeVisible();
  const label = await cell.getAttribute("data-label");
  const before = await cell.evaluate((el) => getComputedStyle(el, "::before").content);
  expect(before).toBe(`"${label}"`);
});
