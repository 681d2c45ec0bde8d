/**
 * Every CSV download, with text that a spreadsheet would run as a formula in every free-text
 * column a download can show: no cell of any download may start with = + - @, a tab or a
 * carriage return unless the formula guard's apostrophe comes first (a number such as -5 is
 * written as a number). The downloads are found by following the app's own links, so a new
 * download is covered the day a page links to it.
 */
import { test, expect } from "@playwright/test";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { createDemoDatabase, signInOverHttp, startApp, type App } from "./support/own-server";

const DB = `${process.env.E2E_DB ?? "waypoint_e2e"}_csv`;
const PORT = Number(process.env.E2E_PORT ?? 3210) + 52;

/** Free-text columns a download can show, each given a formula at its start. */
const POISON: [table: string, column: string][] = [
  ["providers", "name"],
  ["providers", "email"],
  ["providers", "phone"],
  ["properties", "name"],
  ["properties", "address_line_1"],
  ["properties", "town"],
  ["units", "name"],
  ["units", "unit_ref"],
  ["units", "address_line_1"],
  ["households", "case_ref"],
  ["households", "support_needs"],
  ["household_members", "name"],
  ["placements", "end_reason"],
  ["trials", "name"],
  ["trials", "owner"],
  ["trials", "hypothesis"],
];
const STARTS = ["=", "+", "-", "@", "\t", "\r", "'="];

let app: App;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const url = await createDemoDatabase(DB, 40);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  for (const [i, [table, column]] of POISON.entries()) {
    const start = STARTS[i % STARTS.length];
    await db.query(`UPDATE "${table}" SET "${column}" = $1 || coalesce("${column}", 'x') || ' HYPERLINK("http://evil.example")'`, [start]);
  }
  await db.end();
  app = await startApp({ databaseUrl: url, port: PORT });
});

test.afterAll(async () => {
  app?.process.kill("SIGTERM");
});

/** Same-site links found by following the app's pages from the start page. */
async function findDownloads(cookie: string): Promise<string[]> {
  const seen = new Set<string>(["/"]);
  const queue = ["/", "/exports", "/reports", "/money", "/trials", "/import", "/import/template"];
  const downloads = new Set<string>();
  while (queue.length && seen.size < 400) {
    const path = queue.shift()!;
    seen.add(path);
    const res = await fetch(`${app.base}${path}`, { headers: { cookie }, redirect: "manual" });
    if (res.status !== 200 || !(res.headers.get("content-type") ?? "").includes("text/html")) continue;
    for (const m of (await res.text()).matchAll(/href="(\/[^"#]*)"/g)) {
      const link = m[1].replace(/&amp;/g, "&");
      if (/\.csv($|\?)/.test(link.split("?")[0]) || link.includes(".csv?")) downloads.add(link);
      else if (!seen.has(link) && !queue.includes(link) && !/^\/(sign-out|assets)/.test(link) && !/[?&]page=\d{2,}/.test(link)) {
        // one page of each list is enough to find its links
        if (
          !/\/households\/\d+|\/stock\/units\/\d+|\/money\/units\/\d+/.test(link) ||
          !queue.some((q) => q.split("/")[1] === link.split("/")[1] && /\d/.test(q))
        )
          queue.push(link);
      }
    }
  }
  return [...downloads].sort();
}

test("no cell of any CSV download starts a formula", async () => {
  test.setTimeout(300_000);
  const cookie = await signInOverHttp(app.base, "administrator");
  const downloads = await findDownloads(cookie);
  for (const expected of ["/exports/providers.csv", "/exports/units.csv", "/exports/history.csv", "/money/spend.csv"]) {
    expect(
      downloads.some((d) => d.startsWith(expected)),
      `${expected} among ${downloads.join(" ")}`,
    ).toBe(true);
  }
  expect(downloads.some((d) => /^\/trials\/\d+\/households\.csv/.test(d))).toBe(true);
  expect(downloads.some((d) => d.startsWith("/reports/csv/"))).toBe(true);
  const unsafe: string[] = [];
  let cells = 0;
  let guarded = 0;
  for (const path of downloads) {
    const res = await fetch(`${app.base}${path}`, { headers: { cookie } });
    expect(res.status, path).toBe(200);
    expect(res.headers.get("content-type"), path).toContain("text/csv");
    const rows: string[][] = parse(await res.text(), { bom: true, relax_column_count: true });
    for (const row of rows) {
      for (const cell of row) {
        cells++;
        if (cell.startsWith("'")) guarded++;
        if (/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)) unsafe.push(`${path}: ${JSON.stringify(cell.slice(0, 60))}`);
      }
    }
  }
  console.log(`csv: ${downloads.length} downloads, ${cells} cells, ${guarded} guarded`);
  expect(guarded).toBeGreaterThan(0);
  expect(unsafe.slice(0, 20)).toEqual([]);
});
