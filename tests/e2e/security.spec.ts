/**
 * Security, tested rather than configured: every route refuses an anonymous request
 * (the list of routes is read from app/routes, so a new route is covered the day it is
 * added), cross-site posts are refused, and sessions behave.
 */
import { test, expect, type APIRequestContext } from "@playwright/test";
import { readdirSync } from "node:fs";
import pg from "pg";
import { PASSWORD, USERS } from "./helpers";
import { urlForRouteFile } from "./support/routes";

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
  const url = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.E2E_DB ?? "waypoint_e2e"}`;
  const c = new pg.Client({ connectionString: url.toString() });
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
