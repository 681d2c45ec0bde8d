/**
 * Bad input, generated: every form in the app (found by reading the pages, so a new
 * form is covered the day it is added) receives fast-check's random strings, huge
 * values, wrong types, missing and repeated fields, odd Unicode and impossible dates.
 * The app must never answer 500, and a request it refuses must change nothing: the
 * database's fingerprint (every table's rows, sessions aside) is the same after it.
 * Opening every page with GET first must not change the fingerprint either.
 */
import { test, expect } from "@playwright/test";
import fc from "fast-check";
import { readdirSync } from "node:fs";
import pg from "pg";
import { createDemoDatabase, signInOverHttp, startApp, type App } from "./support/own-server";
import { urlForRouteFile } from "./support/routes";

const DB = `${process.env.E2E_DB ?? "waypoint_e2e"}_fuzz`;
const PORT = Number(process.env.E2E_PORT ?? 3210) + 51;
const RUNS = Number(process.env.WAYPOINT_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.WAYPOINT_FUZZ_SEED ?? 20261125);

/** Which table a route parameter's id comes from, by the segment before it. */
const TABLE_FOR: Record<string, string> = {
  households: "households",
  placements: "placements",
  units: "units",
  providers: "providers",
  properties: "properties",
  users: "users",
  invoices: "invoices",
  trials: "trials",
  notices: "s208_notices",
  reviews: "s202_reviews",
  members: "household_members",
};

interface FoundForm {
  page: string;
  action: string;
  fields: Map<string, string[]>;
  multipart: boolean;
}

let app: App;
let db: pg.Client;
let cookie: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const url = await createDemoDatabase(DB, 60);
  db = new pg.Client({ connectionString: url });
  await db.connect();
  app = await startApp({ databaseUrl: url, port: PORT });
  cookie = await signInOverHttp(app.base, "administrator");
});

test.afterAll(async () => {
  app?.process.kill("SIGTERM");
  await db?.end();
});

/**
 * The data, table by table; not sessions, migrations, record_views (the log of who looked: reading
 * a page writes it), spend_month_totals and spend_month_groups (closed months' spend kept by the page that reads it, ADR 0044),
 * trial_episode_facts (trial measures kept by the trial page, ADR 0057)
 * or the households in TA on kept nights (ta_nights_kept, ta_night_facts, ta_night_stale: kept by the page that reads them, ADR 0059).
 */
async function fingerprint(): Promise<string> {
  const tables = await db.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('sessions', 'kysely_migration', 'kysely_migration_lock', 'record_views', 'spend_month_totals', 'spend_month_groups', 'trial_episode_facts', 'ta_nights_kept', 'ta_night_facts', 'ta_night_stale') ORDER BY 1",
  );
  const parts = await Promise.all(
    tables.rows.map(async ({ t }) => {
      const r = await db.query(
        `SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS f FROM "${t}" x`,
      );
      return `${t}=${r.rows[0].f}`;
    }),
  );
  return parts.join(";");
}

/** An id for a route parameter: a household in TA now, and a placement of that household. */
async function someId(table: string | undefined, chosen: Map<string, string>): Promise<string> {
  if (!table) return "1";
  try {
    let r;
    if (table === "households") {
      r = await db.query(
        "SELECT household_id::text AS id FROM placements WHERE end_date IS NULL AND cancelled_at IS NULL ORDER BY id LIMIT 1",
      );
    } else if (table === "placements" && chosen.has("households")) {
      r = await db.query("SELECT id::text AS id FROM placements WHERE household_id = $1 ORDER BY end_date DESC NULLS FIRST LIMIT 1", [
        chosen.get("households"),
      ]);
    } else {
      r = await db.query(`SELECT id::text AS id FROM "${table}" ORDER BY id LIMIT 1`);
    }
    const id = r.rows[0]?.id ?? "1";
    chosen.set(table, id);
    return id;
  } catch {
    return "1";
  }
}

/** A real URL for a route file: each parameter becomes a real id from its table. */
async function realUrl(file: string): Promise<string> {
  const generic = urlForRouteFile(file)!;
  const segs = generic.split("/");
  const chosen = new Map<string, string>();
  for (let i = 0; i < segs.length; i++) if (segs[i] === "1") segs[i] = await someId(TABLE_FOR[segs[i - 1]], chosen);
  return segs.join("/");
}

function decode(s: string) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The post forms on a page, with each field's name and the values the page offers. */
function formsOn(page: string, html: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const m of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1];
    if (!/method="post"/i.test(attrs)) continue;
    const action = decode(/action="([^"]*)"/.exec(attrs)?.[1] ?? page);
    if (action.startsWith("/sign-out")) continue;
    const fields = new Map<string, string[]>();
    for (const f of m[2].matchAll(/<(input|select|textarea)([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(f[2])?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(f[2])?.[1];
      const list = fields.get(decode(name)) ?? [];
      if (value !== undefined) list.push(decode(value));
      fields.set(decode(name), list);
    }
    for (const o of m[2].matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const list = fields.get(decode(o[1])) ?? [];
      for (const v of o[2].matchAll(/<option[^>]*value="([^"]*)"/g)) list.push(decode(v[1]));
      fields.set(decode(o[1]), list);
    }
    forms.push({ page, action, fields, multipart: /multipart\/form-data/i.test(attrs) });
  }
  return forms;
}

const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme-composite", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "1e308",
    "NaN",
    "99999999999999999999",
    "31",
    "02",
    "2026",
    "29/02/2025",
    "2025-02-29",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u0000",
    "\u202eevil",
    "£1,234.5",
    "null",
    "[object Object]",
    "../../etc/passwd",
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constant("x".repeat(50_000)),
);

/** One field's worth of input: the page's own value, something nasty, nothing, or repeated. */
const fieldValue = (offered: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: offered.length ? fc.constantFrom(...offered) : nasty },
    { weight: 4, arbitrary: nasty },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.array(nasty, { minLength: 2, maxLength: 3 }) },
  );

/** Every post form on every page (opened as the administrator), and the pages themselves. */
let found: { forms: FoundForm[]; pages: string[] } | undefined;
async function collectForms(): Promise<{ forms: FoundForm[]; pages: string[] }> {
  if (found) return found;
  const files = readdirSync("app/routes").filter((f) => /\.(tsx|ts)$/.test(f));
  const forms: FoundForm[] = [];
  const pages: string[] = [];
  // Opening every page (a GET) must change nothing.
  const beforeGets = await fingerprint();
  for (const file of files) {
    const url = await realUrl(file);
    if (url === "/sign-out") continue;
    const res = await fetch(`${app.base}${url}`, { headers: { cookie } });
    if (res.status !== 200 || !(res.headers.get("content-type") ?? "").includes("text/html")) {
      if (process.env.WAYPOINT_FUZZ_DEBUG) console.log(`skip ${url}: ${res.status}`);
      continue;
    }
    pages.push(url);
    forms.push(...formsOn(url, await res.text()));
  }
  const afterGets = await fingerprint();
  expect(
    afterGets
      .split(";")
      .filter((t) => !beforeGets.split(";").includes(t))
      .map((t) => t.split("=")[0]),
    "tables changed by opening pages",
  ).toEqual([]);
  found = { forms, pages };
  return found;
}

test("every form survives generated bad input: never a 500, and a refused request changes nothing", async () => {
  test.setTimeout(600_000);
  const { forms } = await collectForms();
  if (process.env.WAYPOINT_FUZZ_DEBUG)
    console.log(forms.map((f) => `${f.page} -> ${f.action} [${[...f.fields.keys()].join(" ")}]`).join("\n"));
  expect(forms.length).toBeGreaterThan(3);
  const problems: string[] = [];
  let before = await fingerprint();
  let requests = 0;
  for (const form of forms) {
    const names = [...form.fields.keys()];
    const record = fc.record(Object.fromEntries(names.map((n) => [n, fieldValue(form.fields.get(n)!)])), { noNullPrototype: true });
    const extra = fc.option(fc.tuple(fc.string({ maxLength: 10 }), nasty), { nil: undefined });
    await fc
      .assert(
        fc.asyncProperty(record, extra, async (values, more) => {
          const body = new URLSearchParams();
          for (const [k, v] of Object.entries(values)) {
            if (v === undefined) continue;
            for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
          }
          if (more) body.append(more[0], more[1]);
          const res = await fetch(`${app.base}${form.action}`, {
            method: "POST",
            redirect: "manual",
            body,
            headers: { cookie, origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
          });
          requests++;
          const html = await res.text();
          if (res.status >= 500) {
            problems.push(`${form.action} answered ${res.status} to ${body.toString().slice(0, 300)}`);
            return false;
          }
          const after = await fingerprint();
          const refused =
            res.status >= 400 || (res.headers.get("location") ?? "").startsWith("/sign-in") || html.includes("govuk-error-summary");
          if (refused && after !== before) {
            const changed = after
              .split(";")
              .filter((t) => !before.split(";").includes(t))
              .map((t) => t.split("=")[0]);
            problems.push(`${form.action} refused (${res.status}) but changed ${changed.join(", ")} for ${body.toString().slice(0, 300)}`);
            return false;
          }
          before = after;
          return true;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      .catch(() => {});
  }
  console.log(`fuzz: ${forms.length} forms, ${requests} requests`);
  expect(problems).toEqual([]);
  expect(app.output()).not.toMatch(/Unhandled|uncaught/i);
});

/** Control characters, NUL first among them, as a field's whole value or around the page's own. */
const CONTROL_VALUES = ["\u0000", "a\u0000b", "\u0001\u0008\u000b\u000c\u001b\u001f\u007f", "x\r\ny\tz", "\u0000\r\n"];

/** Posts a body to a form's action; a problem when the answer is a 500, or a refusal that changed something. */
async function postAndCheck(
  action: string,
  body: BodyInit,
  contentType: string | null,
  problems: string[],
  describe: string,
  before: { value: string },
): Promise<void> {
  const headers: Record<string, string> = { cookie, origin: app.base };
  if (contentType) headers["Content-Type"] = contentType;
  const res = await fetch(`${app.base}${action}`, { method: "POST", redirect: "manual", body, headers });
  const html = await res.text();
  if (res.status >= 500) {
    problems.push(`${action} answered ${res.status} to ${describe}`);
    return;
  }
  const after = await fingerprint();
  const refused = res.status >= 400 || html.includes("govuk-error-summary");
  if (refused && after !== before.value) problems.push(`${action} refused (${res.status}) but changed the database for ${describe}`);
  before.value = after;
}

test("control characters in every field of every form, JSON bodies and malformed multipart bodies: never a 500", async () => {
  test.setTimeout(600_000);
  const { forms } = await collectForms();
  const problems: string[] = [];
  const before = { value: await fingerprint() };
  let requests = 0;
  for (const form of forms) {
    const own = (name: string) => form.fields.get(name)?.[0] ?? "";
    const names = [...form.fields.keys()];
    // Each field in turn, the others as the page offers them; then every field at once.
    for (const [i, target] of [...names, null].entries()) {
      const value = CONTROL_VALUES[i % CONTROL_VALUES.length];
      const body = new URLSearchParams();
      for (const n of names) body.append(n, target === null || n === target ? `${own(n)}${value}` : own(n));
      await postAndCheck(
        form.action,
        body,
        "application/x-www-form-urlencoded",
        problems,
        `${target ?? "every field"} = ${JSON.stringify(value)}`,
        before,
      );
      requests++;
    }
    const json = JSON.stringify(Object.fromEntries(names.map((n) => [n, own(n)])));
    await postAndCheck(form.action, json, "application/json", problems, "a JSON body", before);
    const broken = [
      ["no closing boundary", `--b\r\nContent-Disposition: form-data; name="${names[0] ?? "x"}"\r\n\r\nvalue`],
      ["no boundary at all", "garbage\r\n\r\n"],
      ["a part without headers", "--b\r\n\r\nvalue\r\n--b--\r\n"],
      ["NUL in a part's name", `--b\r\nContent-Disposition: form-data; name="a\u0000b"\r\n\r\n\u0000\r\n--b--\r\n`],
    ];
    for (const [what, text] of broken) {
      await postAndCheck(form.action, text, "multipart/form-data; boundary=b", problems, `a multipart body with ${what}`, before);
    }
    await postAndCheck(form.action, "x=1", "multipart/form-data", problems, "multipart without a boundary", before);
    await postAndCheck(form.action, "x=1", null, problems, "a body without a content type", before);
    requests += 7;
  }
  console.log(`fuzz (control characters and bodies): ${forms.length} forms, ${requests} requests`);
  expect(problems).toEqual([]);
  expect(app.output()).not.toMatch(/Unhandled|uncaught/i);
});

test("every page with bad query parameters (NUL, control characters, 1e3, 0x1, abc): never a 500", async () => {
  test.setTimeout(300_000);
  const { pages } = await collectForms();
  const params = [
    "q",
    "page",
    "returnTo",
    "correct",
    "correctCharge",
    "unit",
    "property",
    "from",
    "to",
    "asOf",
    "sort",
    "status",
    "trial",
    "intent",
  ];
  const values = ["%00", "a%00b", "%01%1F%7F", "%0D%0A", "1e3", "0x1", "abc", "-1", "99999999999999999999", "%E2%80%AE"];
  const problems: string[] = [];
  let requests = 0;
  for (const page of pages) {
    for (const [i, value] of values.entries()) {
      const query = params.map((p, j) => `${p}=${values[(i + j) % values.length]}`).join("&");
      const url = `${page}${page.includes("?") ? "&" : "?"}${query}`;
      const res = await fetch(`${app.base}${url}`, { headers: { cookie }, redirect: "manual" });
      await res.arrayBuffer();
      requests++;
      if (res.status >= 500) problems.push(`GET ${url} answered ${res.status} (value ${value})`);
    }
  }
  console.log(`fuzz (query parameters): ${pages.length} pages, ${requests} requests`);
  expect(problems).toEqual([]);
});
