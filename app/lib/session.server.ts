/**
 * Server-side sessions. The cookie holds a random token; the database holds only
 * its SHA-256, with expiry, idle time-out and revocation.
 */
import { createCookie, redirect } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { getDb } from "~/lib/db/app.server";
import { ownCopy } from "~/lib/db/errors";
import { env } from "~/lib/env.server";
import type { Role } from "~/lib/vocabulary";
import type { User } from "~/lib/db/schema";
import { can, type Permission } from "~/lib/permissions";
import type { Conn } from "~/lib/db/connect";

export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 12;
const COOKIE_NAME = "waypoint_session";

let secretPromise: Promise<string> | undefined;
async function cookieSecret(): Promise<string> {
  const configured = env().SESSION_SECRET;
  if (configured) return configured;
  // Without SESSION_SECRET (a local or demo install) keep one generated secret in
  // the database, so sign-ins survive a restart.
  secretPromise ??= (async () => {
    const db = await getDb();
    const read = () => db.selectFrom("settings").select("value").where("key", "=", "session_secret").executeTakeFirst();
    // Read first: the insert (even one that inserts nothing) moves the data version on, and every
    // worker asks on its first request, which would make every kept result stale.
    const kept = await read();
    if (kept) return kept.value as string;
    const fresh = randomBytes(32).toString("base64url");
    await db
      .insertInto("settings")
      .values({ key: "session_secret", value: JSON.stringify(fresh) })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    return (await read())!.value as string;
  })().catch((e) => {
    secretPromise = undefined;
    throw e;
  });
  return ownCopy(secretPromise);
}

async function sessionCookie() {
  return createCookie(COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [await cookieSecret()],
  });
}

export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  sessionId: string;
}

/** Starts a new session (a fresh token: sessions rotate at sign-in) and returns its Set-Cookie. */
export async function createSession(request: Request, userId: number): Promise<string> {
  const db = await getDb();
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + ABSOLUTE_HOURS * 3600_000),
      ip: clientAddress(request),
      user_agent: (request.headers.get("user-agent") ?? "").slice(0, 300),
    })
    .execute();
  const cookie = await sessionCookie();
  return cookie.serialize(token, { secure: isHttps(request), maxAge: ABSOLUTE_HOURS * 3600 });
}

async function tokenFrom(request: Request): Promise<string | null> {
  const cookie = await sessionCookie();
  const value = await cookie.parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = await tokenFrom(request);
  if (!token) return null;
  const db = await getDb();
  const id = hashToken(token);
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select([
      "s.id as session_id",
      "s.last_seen_at",
      "s.expires_at",
      "s.revoked_at",
      "u.id",
      "u.name",
      "u.email",
      "u.role",
      "u.disabled_at",
    ])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled_at) return null;
  const now = Date.now();
  if (new Date(row.expires_at).getTime() <= now) return null;
  if (now - new Date(row.last_seen_at).getTime() > IDLE_MINUTES * 60_000) return null;
  if (now - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: sql`now()` })
      .where("id", "=", id)
      .execute();
  }
  return { id: row.id, name: row.name, email: row.email, role: row.role, sessionId: row.session_id };
}

/** Refuses a cross-site form post: the Origin (or Referer) must be this site. */
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const origin = request.headers.get("origin") ?? request.headers.get("referer");
  if (!origin) return; // non-browser clients; the SameSite cookie still protects browsers
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new Response("Forbidden", { status: 403 });
  }
  if (originHost !== host) throw new Response("Forbidden: cross-site request", { status: 403 });
}

/** The signed-in user, or a redirect to sign in; with a permission, a 403 when not allowed. */
export async function requireUser(request: Request, permission?: Permission): Promise<SessionUser> {
  assertSameOrigin(request);
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const returnTo = url.pathname + url.search;
    throw redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  }
  if (permission && !can(user.role, permission)) {
    throw new Response("You do not have permission to do this", { status: 403 });
  }
  return user;
}

export async function destroySession(request: Request): Promise<string> {
  const token = await tokenFrom(request);
  if (token) {
    const db = await getDb();
    await db
      .updateTable("sessions")
      .set({ revoked_at: sql`now()` })
      .where("id", "=", hashToken(token))
      .execute();
  }
  const cookie = await sessionCookie();
  return cookie.serialize("", { maxAge: 0, secure: isHttps(request) });
}

export async function revokeSessionsOf(db: Conn, userId: number): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}

/**
 * The client's address, as app/cli/serve.mjs found it (X-Forwarded-For is trusted only
 * behind a configured proxy: a client must not choose its own address to dodge the
 * sign-in throttle). Under other servers (remix dev) every client is "local".
 */
export function clientAddress(request: Request): string {
  return request.headers.get("x-waypoint-client-address")?.slice(0, 100) || "local";
}

export type { User };
