/**
 * Security, tested rather than configured: every route refuses an anonymous request
 * (the list of routes is read from app/routes, so a new route is covered the day it is
 * added), cross-site posts are refused, and sessions behave.
 */
import { test, expect, type APIRequestContext } from "@playwright/test";
import { readdirSync } from "node:fs";
import http from "node:http";
import pg from "pg";
import { PASSWORD, USERS } from "./helpers";
import { urlForRouteFile } from "./support/routes";

function e2eDatabaseUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.E2E_DB ?? "waypoint_e2e"}`;
  return url.toString();
}

/** Routes anyone may open without signing in. */
const PUBLIC = new Set(["/sign-in", "/healthz"]);

const ROUTES = readdirSync("app/routes")
  .filter((f) => /\.(tsx|ts)$/.test(f))
  .map((f) => ({ file: f, url: urlForRouteFile(f)! }));

test("the route list is read from app/routes and maps file names to URLs", () => {
  expect(urlForRouteFile("_index.tsx")).toBe("/");
  expect(urlForRouteFile("households.$id.tsx")).toBe("/households/1");
  expect(urlForRouteFile("admin.users._index.tsx")).toBe("/admin/users");
  expect(urlForRouteFile("sitemap[.]xml.tsx")).toBe("/sitemap.xml");
  expect(urlForRouteFile("exports.$name.tsx")).toBe("/exports/1");
  expect(ROUTES.length).toBeGreaterThan(10);
});

test("every route refuses an anonymous request, to read or to change", async ({ request }) => {
  const leaks: string[] = [];
  for (const { file, url } of ROUTES) {
    if (PUBLIC.has(url) || url === "/sign-out") continue;
    const get = await request.get(url, { maxRedirects: 0 });
    const toSignIn = get.status() === 302 && (get.headers()["location"] ?? "").startsWith("/sign-in");
    if (!(toSignIn || get.status() === 404)) leaks.push(`GET ${url} (${file}): ${get.status()}`);
    if (get.status() === 404 && !/\$/.test(file)) leaks.push(`GET ${url} (${file}): 404 for a route without parameters`);
    const post = await request.post(url, { maxRedirects: 0, form: { intent: "x" } });
    const refused =
      (post.status() === 302 && (post.headers()["location"] ?? "").startsWith("/sign-in")) || [403, 404, 405].includes(post.status());
    if (!refused) leaks.push(`POST ${url} (${file}): ${post.status()}`);
  }
  expect(leaks).toEqual([]);
});

async function signInCookie(request: APIRequestContext, role: keyof typeof USERS, headers: Record<string, string> = {}) {
  const res = await request.post("/sign-in", { maxRedirects: 0, headers, form: { email: USERS[role], password: PASSWORD, returnTo: "/" } });
  expect(res.status()).toBe(302);
  const setCookie = res.headers()["set-cookie"];
  return { setCookie, cookie: setCookie.split(";")[0] };
}

test("the session cookie is HttpOnly and SameSite=Lax, Secure over HTTPS, and new at every sign-in", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const first = await signInCookie(request, "analyst");
  expect(first.setCookie).toMatch(/HttpOnly/i);
  expect(first.setCookie).toMatch(/SameSite=Lax/i);
  expect(first.setCookie).not.toMatch(/Secure/i);
  const second = await signInCookie(request, "analyst");
  expect(second.cookie).not.toBe(first.cookie);
  const https = await signInCookie(request, "analyst", { "x-forwarded-proto": "https" });
  expect(https.setCookie).toMatch(/Secure/i);
  await request.dispose();
});

test("signing out revokes the session: the old cookie no longer opens a page", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const { cookie } = await signInCookie(request, "manager");
  expect((await request.get("/households", { headers: { cookie }, maxRedirects: 0 })).status()).toBe(200);
  await request.post("/sign-out", { headers: { cookie }, maxRedirects: 0 });
  const after = await request.get("/households", { headers: { cookie }, maxRedirects: 0 });
  expect(after.status()).toBe(302);
  expect(after.headers()["location"]).toMatch(/^\/sign-in/);
  await request.dispose();
});

test("a session idle for more than 30 minutes has expired", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const started = new Date();
  const { cookie } = await signInCookie(request, "officer");
  expect((await request.get("/households", { headers: { cookie }, maxRedirects: 0 })).status()).toBe(200);
  const c = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await c.connect();
  const moved = await c.query(
    "UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE created_at >= $1 AND user_id = (SELECT id FROM users WHERE email = $2)",
    [started, USERS.officer],
  );
  await c.end();
  expect(moved.rowCount).toBe(1);
  const after = await request.get("/households", { headers: { cookie }, maxRedirects: 0 });
  expect(after.status()).toBe(302);
  await request.dispose();
});

test("a form posted from another site is refused, and signing in to one account is throttled without saying whether the account exists", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  const { cookie } = await signInCookie(request, "administrator");
  const crossSite = await request.post("/admin/users/new", {
    maxRedirects: 0,
    headers: { cookie, origin: "https://attacker.example" },
    form: { name: "Mallory", email: "mallory@attacker.example", role: "administrator", password: "a long enough password" },
  });
  expect(crossSite.status()).toBe(403);
  await request.dispose();

  const anonymous = await playwright.request.newContext({ baseURL });
  const unknown = `nobody.${Date.now()}@demo.waypoint.test`;
  for (let i = 0; i < 5; i++) {
    const res = await anonymous.post("/sign-in", { maxRedirects: 0, form: { email: unknown, password: "wrong password" } });
    expect(res.status(), await res.text()).toBe(200);
    expect(await res.text()).toContain("Enter a correct email address and password");
  }
  const sixth = await anonymous.post("/sign-in", { maxRedirects: 0, form: { email: unknown, password: "wrong password" } });
  expect(await sixth.text()).toContain("Too many attempts to sign in");
  await anonymous.dispose();
});

/** Posts `size` bytes with node:http (which, unlike fetch, reads an answer given before the body is all sent). */
function rawPost(
  baseURL: string,
  path: string,
  opts: { size: number; chunked?: boolean; chunk?: number; contentType?: string; cookie?: string },
): Promise<{ status: number; body: string; sent: number }> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": opts.contentType ?? "application/x-www-form-urlencoded" };
    if (!opts.chunked) headers["content-length"] = opts.size;
    if (opts.cookie) headers.cookie = opts.cookie;
    // A kept-alive connection of its own: the server closes one whose body it stopped reading,
    // and it closes a "Connection: close" one at once, before the client may have read the 413.
    const agent = new http.Agent({ keepAlive: true });
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", headers, agent });
    let sent = 0;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
        agent.destroy();
      });
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on("error", (e) => {
      if (!answered) reject(new Error(`${path} ${JSON.stringify(opts)}: ${e.message} after ${sent} bytes`));
    });
    const piece = Buffer.alloc(opts.chunk ?? 16 * 1024, "a");
    const write = () => {
      while (sent < opts.size && !answered) {
        const n = Math.min(piece.length, opts.size - sent);
        sent += n;
        if (!req.write(piece.subarray(0, n))) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

test("a body over its path's limit is refused with a 413 page, by its length or while it streams", async ({ playwright, baseURL }) => {
  const MB = 1024 * 1024;
  const context = await playwright.request.newContext({ baseURL });
  const { cookie } = await signInCookie(context, "administrator");
  await context.dispose();
  // Sign-in takes a few KB, declared or chunked.
  const declared = await rawPost(baseURL!, "/sign-in", { size: 200 * MB });
  expect(declared.status).toBe(413);
  expect(declared.body).toContain("The request is too large");
  expect(declared.sent).toBeLessThan(200 * MB);
  const chunked = await rawPost(baseURL!, "/sign-in", { size: 200 * MB, chunked: true });
  expect(chunked.status).toBe(413);
  expect(chunked.sent).toBeLessThan(200 * MB);
  // Small pieces, each under the limit, still add up past it.
  const pieces = await rawPost(baseURL!, "/sign-in", { size: 64 * 1024, chunked: true, chunk: 500 });
  expect(pieces.status).toBe(413);
  // An ordinary form takes 100 KB (a signed-in user's: the page reads the body only then).
  expect((await rawPost(baseURL!, "/stock/providers/new", { size: MB, chunked: true, cookie })).status).toBe(413);
  expect((await rawPost(baseURL!, "/stock/providers/new", { size: 120 * 1024 })).status).toBe(413);
  // An invoice file may be 5 MB: 6 MB is refused, while 4 MB reaches the page (which asks to sign in).
  const multipart = "multipart/form-data; boundary=x";
  expect((await rawPost(baseURL!, "/money/invoices/new", { size: 8 * MB, chunked: true, contentType: multipart, cookie })).status).toBe(
    413,
  );
  expect((await rawPost(baseURL!, "/money/invoices/new", { size: 4 * MB, contentType: multipart })).status).toBe(302);
  // The import takes 50 MB.
  expect((await rawPost(baseURL!, "/import", { size: 60 * MB, contentType: multipart })).status).toBe(413);
  // A sign-in of an ordinary size still works afterwards.
  const ok = await fetch(`${baseURL}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: USERS.analyst, password: PASSWORD, returnTo: "/" }),
  });
  expect(ok.status).toBe(302);
});

/** A sign-in sent from one of the loopback addresses (127.0.0.0/8), as if from another computer. */
function signInFrom(baseURL: string, from: string, email: string, password: string): Promise<{ status: number; body: string }> {
  const url = new URL("/sign-in", baseURL);
  const body = new URLSearchParams({ email, password, returnTo: "/" }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: from,
        agent: false,
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function newAccount(request: APIRequestContext, email: string, password: string) {
  const { cookie } = await signInCookie(request, "administrator");
  const res = await request.post("/admin/users/new", {
    maxRedirects: 0,
    headers: { cookie },
    form: { name: "Throttle Test", email, role: "analyst", password },
  });
  expect(res.status()).toBe(302);
  return cookie;
}

test("fifty simultaneous tries at one account check at most five passwords, the right one among them included", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  const email = `burst.${Date.now()}@demo.waypoint.test`;
  const password = "the right password 2026";
  await newAccount(request, email, password);
  await request.dispose();
  const tries = Array.from({ length: 50 }, (_, i) => (i === 42 ? password : `wrong password ${i}`));
  const answers = await Promise.all(tries.map((p) => signInFrom(baseURL!, "127.0.0.5", email, p)));
  const checked = answers.filter((a) => a.status === 302 || a.body.includes("Enter a correct email address and password"));
  const refused = answers.filter((a) => a.status === 200 && a.body.includes("Too many attempts to sign in"));
  expect(checked.length).toBeLessThanOrEqual(5);
  expect(checked.length + refused.length).toBe(50);
});

test("wrong passwords make one address wait, not lock the account for everyone; an administrator sees the throttle and clears it", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  const email = `forgetful.${Date.now()}@demo.waypoint.test`;
  const password = "the right password 2026";
  const adminCookie = await newAccount(request, email, password);
  for (let i = 0; i < 5; i++) {
    expect((await signInFrom(baseURL!, "127.0.0.6", email, "a wrong password")).body).toContain(
      "Enter a correct email address and password",
    );
  }
  const waiting = await signInFrom(baseURL!, "127.0.0.6", email, password);
  expect(waiting.status).toBe(200);
  expect(waiting.body).toContain("Too many attempts to sign in. Wait 1 minute and try again.");
  // The owner, elsewhere, is not kept out.
  expect((await signInFrom(baseURL!, "127.0.0.7", email, password)).status).toBe(302);

  const page = await request.get("/admin/sign-in-throttles", { headers: { cookie: adminCookie } });
  const html = await page.text();
  expect(html).toContain(email);
  expect(html).toContain("127.0.0.6");
  const analyst = await signInCookie(request, "analyst");
  const refused = await request.post("/admin/sign-in-throttles", {
    maxRedirects: 0,
    headers: { cookie: analyst.cookie },
    form: { account: email, address: "127.0.0.6" },
  });
  expect(refused.status()).toBe(403);
  const cleared = await request.post("/admin/sign-in-throttles", {
    maxRedirects: 0,
    headers: { cookie: adminCookie },
    form: { account: email, address: "127.0.0.6" },
  });
  expect((await cleared.text()).replace(/<!-- -->/g, "")).toContain(`Cleared the throttle on ${email} from 127.0.0.6`);
  expect((await signInFrom(baseURL!, "127.0.0.6", email, password)).status).toBe(302);
  await request.dispose();

  const c = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await c.connect();
  const audited = await c.query(
    "SELECT a.entity_id, u.email FROM audit_events a JOIN users u ON u.id = a.user_id WHERE a.action = 'clear-sign-in-throttle' AND a.entity_id = $1",
    [`${email} from 127.0.0.6`],
  );
  const failed = await c.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'sign-in-failed' AND after->>'account' = $1", [
    email,
  ]);
  await c.end();
  expect(audited.rows).toEqual([{ entity_id: `${email} from 127.0.0.6`, email: USERS.administrator }]);
  expect(failed.rows[0].n).toBe(5);
});

test("after signing in, returnTo leads only to a path of this app; tabs, newlines and backslashes lead to the start page", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  const nasty = ["/\t/evil.example", "/\r\n/evil.example", "/\\evil.example", "//evil.example", "/.//evil.example", "https://evil.example"];
  for (const returnTo of nasty) {
    const res = await request.post("/sign-in", { maxRedirects: 0, form: { email: USERS.analyst, password: PASSWORD, returnTo } });
    expect(res.status(), JSON.stringify(returnTo)).toBe(302);
    expect(res.headers()["location"], JSON.stringify(returnTo)).toBe("/");
    const cookie = res.headers()["set-cookie"].split(";")[0];
    const signedIn = await request.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, { maxRedirects: 0, headers: { cookie } });
    expect(signedIn.status(), JSON.stringify(returnTo)).toBe(302);
    expect(signedIn.headers()["location"], JSON.stringify(returnTo)).toBe("/");
  }
  const fine = await request.post("/sign-in", {
    maxRedirects: 0,
    form: { email: USERS.analyst, password: PASSWORD, returnTo: "/households?q=a" },
  });
  expect(fine.headers()["location"]).toBe("/households?q=a");
  await request.dispose();
});

test("every answer says nosniff, once: pages, CSV downloads, /healthz, static files, a 404 and a 413; HSTS only over HTTPS", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  const { cookie } = await signInCookie(request, "administrator");
  const answers = {
    page: await fetch(`${baseURL}/households`, { headers: { cookie } }),
    csv: await fetch(`${baseURL}/exports/providers.csv`, { headers: { cookie } }),
    healthz: await fetch(`${baseURL}/healthz`),
    css: await fetch(`${baseURL}/waypoint.css`),
    asset: await fetch(`${baseURL}/assets/govuk-frontend.min.css`),
    missing: await fetch(`${baseURL}/no-such-page`, { headers: { cookie } }),
    tooLarge: await fetch(`${baseURL}/sign-in`, { method: "POST", body: "x".repeat(20_000), headers: { "content-type": "text/plain" } }),
  };
  for (const [what, res] of Object.entries(answers)) {
    await res.arrayBuffer();
    expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(res.headers.get("strict-transport-security"), what).toBeNull();
  }
  expect(answers.csv.headers.get("content-type")).toContain("text/csv");
  expect(answers.tooLarge.status).toBe(413);
  for (const path of ["/sign-in", "/waypoint.css", "/healthz"]) {
    const https = await fetch(`${baseURL}${path}`, { headers: { "x-forwarded-proto": "https" } });
    await https.arrayBuffer();
    expect(https.headers.get("strict-transport-security"), path).toBe("max-age=31536000");
  }
  await request.dispose();
});

test("signing out and failing to sign in are audited", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const started = new Date();
  const { cookie } = await signInCookie(request, "manager");
  await request.post("/sign-out", { headers: { cookie }, maxRedirects: 0 });
  const wrong = await request.post("/sign-in", { maxRedirects: 0, form: { email: USERS.manager, password: "not the password" } });
  expect(await wrong.text()).toContain("Enter a correct email address and password");
  await request.dispose();
  const c = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await c.connect();
  const rows = await c.query<{ action: string; user_email: string | null; account: string | null }>(
    `SELECT a.action, u.email AS user_email, a.after->>'account' AS account FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
     WHERE a.at >= $1 AND a.action IN ('sign-out', 'sign-in-failed') AND (u.email = $2 OR a.after->>'account' = $2) ORDER BY a.id`,
    [started, USERS.manager],
  );
  await c.end();
  expect(rows.rows).toEqual([
    { action: "sign-out", user_email: USERS.manager, account: null },
    { action: "sign-in-failed", user_email: null, account: USERS.manager },
  ]);
});
