/**
 * The role matrix: each role can open what its work needs and nothing else, and a
 * change posted by a role that may not make it is refused (403) and changes nothing.
 * The expectations are written here from the issue, not read from the code:
 * officers cannot edit rates or users; analysts cannot change placements; only
 * administrators manage users and reference data.
 */
import { test, expect, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { PASSWORD, USERS } from "./helpers";

type Role = keyof typeof USERS;
const ALL: Role[] = ["officer", "manager", "analyst", "administrator"];

function e2eDb() {
  const u = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  u.pathname = `/${process.env.E2E_DB ?? "waypoint_e2e"}`;
  return u.toString();
}

let ids: { household: number; placement: number; user: number; other: number };

test.beforeAll(async () => {
  const c = new pg.Client({ connectionString: e2eDb() });
  await c.connect();
  const p = await c.query("SELECT id, household_id FROM placements WHERE end_date IS NULL AND cancelled_at IS NULL ORDER BY id LIMIT 1");
  const u = await c.query("SELECT id FROM users WHERE email = $1", [USERS.officer]);
  const o = await c.query("SELECT id FROM households WHERE id <> $1 ORDER BY id LIMIT 1", [p.rows[0].household_id]);
  await c.end();
  ids = { household: p.rows[0].household_id, placement: p.rows[0].id, user: u.rows[0].id, other: o.rows[0].id };
});

async function as(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string | undefined,
  role: Role,
) {
  const request = await playwright.request.newContext({ baseURL });
  const res = await request.post("/sign-in", { maxRedirects: 0, form: { email: USERS[role], password: PASSWORD, returnTo: "/" } });
  expect(res.status()).toBe(302);
  return request;
}

/** Pages, and who may open them. */
const PAGES: { path: () => string; allowed: Role[] }[] = [
  { path: () => "/", allowed: ALL },
  { path: () => "/households", allowed: ALL },
  { path: () => `/households/${ids.household}`, allowed: ALL },
  { path: () => "/households/new", allowed: ["officer", "administrator"] },
  { path: () => `/households/${ids.household}/edit`, allowed: ["officer", "administrator"] },
  { path: () => `/households/${ids.household}/find-unit`, allowed: ["officer", "administrator"] },
  { path: () => `/households/${ids.household}/placements/${ids.placement}/end`, allowed: ["officer", "administrator"] },
  { path: () => "/stock", allowed: ALL },
  { path: () => "/stock/providers/new", allowed: ["officer", "manager", "administrator"] },
  { path: () => "/reports", allowed: ALL },
  { path: () => "/reports/statutory", allowed: ALL },
  // The whole council's case-level extract: managers and administrators only.
  { path: () => "/reports/csv/statutory-extract.csv?asOf=2026-09-30", allowed: ["manager", "administrator"] },
  { path: () => "/trials", allowed: ALL },
  { path: () => "/trials/new", allowed: ["analyst", "administrator"] },
  { path: () => "/import", allowed: ["manager", "administrator"] },
  { path: () => "/money", allowed: ALL },
  { path: () => "/money/rates/bulk", allowed: ["manager", "administrator"] },
  { path: () => "/money/invoices/new", allowed: ["manager", "administrator"] },
  { path: () => "/money/occupancy-audit", allowed: ALL },
  { path: () => "/money/occupancy-audit.csv?list=no-contact", allowed: ["manager", "administrator"] },
  { path: () => `/households/${ids.household}/contacts/new`, allowed: ["officer", "administrator"] },
  // Letters (issue 20, item 3): officers send them; managers and administrators change the templates.
  { path: () => `/households/${ids.household}/letters/new`, allowed: ["officer", "administrator"] },
  { path: () => "/letters/templates", allowed: ["manager", "administrator"] },
  { path: () => "/letters/templates/placement_offer", allowed: ["manager", "administrator"] },
  { path: () => "/admin/users", allowed: ["administrator"] },
  { path: () => `/admin/users/${ids.user}`, allowed: ["administrator"] },
  { path: () => "/admin/ta-types", allowed: ["administrator"] },
  { path: () => "/admin/settings", allowed: ["administrator"] },
  { path: () => "/admin/sign-in-throttles", allowed: ["administrator"] },
  // Every change, council-wide: managers and administrators (issue 20).
  { path: () => "/audit", allowed: ["manager", "administrator"] },
];

/** Changes, and roles that must be refused them. */
const CHANGES: { path: () => string; form: () => Record<string, string>; refused: Role[] }[] = [
  {
    path: () => `/households/${ids.household}/placements/${ids.placement}/end`,
    form: () => ({
      "end-day": "24",
      "end-month": "11",
      "end-year": "2026",
      leaving: "yes",
      destination: "social_housing",
      reason: "Role test",
    }),
    refused: ["manager", "analyst"],
  },
  { path: () => "/households/new", form: () => ({ caseRef: "ROLE-TEST-1", duty: "s188" }), refused: ["manager", "analyst"] },
  {
    path: () => `/households/${ids.household}/contacts/new`,
    form: () => ({ "contact_on-day": "20", "contact_on-month": "11", "contact_on-year": "2026", kind: "phone", note: "Role test" }),
    refused: ["manager", "analyst"],
  },
  {
    path: () => "/admin/users/new",
    form: () => ({ name: "Role Test", email: "role.test@demo.waypoint.test", role: "administrator", password: "a long enough password" }),
    refused: ["officer", "manager", "analyst"],
  },
  {
    path: () => "/admin/ta-types",
    form: () => ({ code: "bnb", name: "Renamed", ta1_category: "2" }),
    refused: ["officer", "manager", "analyst"],
  },
  {
    path: () => "/admin/settings",
    form: () => ({ name: "Renamed council", gss: "E08000012" }),
    refused: ["officer", "manager", "analyst"],
  },
  {
    path: () => "/admin/sign-in-throttles",
    form: () => ({ account: "", address: "127.0.0.1" }),
    refused: ["officer", "manager", "analyst"],
  },
  { path: () => "/trials/new", form: () => ({ name: "Role test trial" }), refused: ["officer", "manager"] },
  {
    path: () => `/households/${ids.household}/letters/new`,
    form: () => ({ kind: "placement_offer", placement: String(ids.placement), sent_to: "Role test" }),
    refused: ["manager", "analyst"],
  },
  {
    path: () => "/letters/templates/placement_offer",
    form: () => ({ intent: "preview", body: "Role test {{review.deadline}}", based_on: "1" }),
    refused: ["officer", "analyst"],
  },
  // Stock edits, casework, trial tags, invoices, LHA, imports and filing a return.
  {
    path: () => "/stock/units/new",
    form: () => ({ unitRef: "ROLE-1", propertyId: "1", taType: "bnb", bedrooms: "1", maxOccupants: "2" }),
    refused: ["analyst"],
  },
  {
    path: () => `/households/${ids.household}/move-on`,
    form: () => ({ pathway: "social_housing", nextAction: "Role test" }),
    refused: ["manager", "analyst"],
  },
  {
    path: () => `/households/${ids.household}/applications/new`,
    form: () => ({ "start_date-day": "1", "start_date-month": "11", "start_date-year": "2026" }),
    refused: ["manager", "analyst"],
  },
  {
    path: () => `/households/${ids.household}/reviews/new`,
    form: () => ({ "offered_on-day": "1", "offered_on-month": "11", "offered_on-year": "2026" }),
    refused: ["manager", "analyst"],
  },
  { path: () => `/households/${ids.household}/trials`, form: () => ({ trial: "1" }), refused: ["manager"] },
  { path: () => "/money/invoices/new", form: () => ({ providerId: "1" }), refused: ["officer", "analyst"] },
  { path: () => "/money/lha", form: () => ({ brma: "Role test", shared: "100" }), refused: ["officer", "manager", "analyst"] },
  { path: () => "/import", form: () => ({}), refused: ["officer", "analyst"] },
  { path: () => "/reports/statutory", form: () => ({ asOf: "2026-09-30" }), refused: ["officer", "analyst"] },
  {
    path: () => "/money/rates/bulk",
    form: () => ({
      providerId: "1",
      taType: "",
      "effectiveFrom-day": "1",
      "effectiveFrom-month": "4",
      "effectiveFrom-year": "2027",
      change: "50",
    }),
    refused: ["officer", "analyst"],
  },
];

for (const role of ALL) {
  test(`the ${role} opens exactly the pages the role allows`, async ({ playwright, baseURL }) => {
    const request = await as(playwright, baseURL, role);
    const wrong: string[] = [];
    for (const page of PAGES) {
      const res = await request.get(page.path(), { maxRedirects: 0 });
      const expected = page.allowed.includes(role) ? 200 : 403;
      if (res.status() !== expected) wrong.push(`${page.path()}: ${res.status()}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
    await request.dispose();
  });
}

test("a change posted by a role that may not make it is refused and changes nothing", async ({ playwright, baseURL }) => {
  const c = new pg.Client({ connectionString: e2eDb() });
  await c.connect();
  const snapshot = async () =>
    (
      await c.query(
        `SELECT
      (SELECT count(*) FROM audit_events) AS audit, (SELECT count(*) FROM households) AS households, (SELECT count(*) FROM users) AS users,
      (SELECT string_agg(name, ',' ORDER BY code) FROM ta_types) AS types, (SELECT end_date::text FROM placements WHERE id = $1) AS ended,
      (SELECT value::text FROM settings WHERE key = 'council_name') AS council, (SELECT count(*) FROM unit_rates) AS rates,
      (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM move_on_plans) AS plans, (SELECT count(*) FROM applications) AS applications,
      (SELECT count(*) FROM suitability_reviews) AS reviews, (SELECT count(*) FROM trial_tags) AS tags, (SELECT count(*) FROM invoices) AS invoices,
      (SELECT count(*) FROM lha_rates) AS lha, (SELECT count(*) FROM import_uploads) AS uploads, (SELECT count(*) FROM ta1_filings) AS filings,
      (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM letters) AS letters,
      (SELECT count(*) FROM letter_templates) AS letter_templates`,
        [ids.placement],
      )
    ).rows[0];
  const before = await snapshot();
  const wrong: string[] = [];
  for (const change of CHANGES) {
    for (const role of change.refused) {
      const request = await as(playwright, baseURL, role);
      const res = await request.post(change.path(), { maxRedirects: 0, form: change.form() });
      if (res.status() !== 403) wrong.push(`${role} POST ${change.path()}: ${res.status()}`);
      await request.dispose();
    }
  }
  const after = await snapshot();
  await c.end();
  expect(wrong).toEqual([]);
  // Signing in writes an audit entry each time; nothing else may have changed.
  expect({ ...after, audit: undefined }).toEqual({ ...before, audit: undefined });
});

test("an id from another household in the address is refused and changes nothing", async ({ playwright, baseURL }) => {
  const c = new pg.Client({ connectionString: e2eDb() });
  await c.connect();
  const ended = async () => (await c.query("SELECT end_date::text AS e FROM placements WHERE id = $1", [ids.placement])).rows[0].e;
  const before = await ended();
  const request = await as(playwright, baseURL, "officer");
  // The placement is the first household's; the address names another household.
  const res = await request.post(`/households/${ids.other}/placements/${ids.placement}/end`, {
    maxRedirects: 0,
    form: { "end-day": "24", "end-month": "11", "end-year": "2026", leaving: "yes", destination: "social_housing", reason: "Tampered" },
  });
  expect(res.status()).toBe(404);
  expect(await ended()).toBe(before);
  await request.dispose();
  await c.end();
});
