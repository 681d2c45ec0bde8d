/** Users: sign-in, throttling, and the administrator's user management. */
import { z } from "zod";
import { sql } from "kysely";
import { getDb } from "~/lib/db/app.server";
import { isDemo } from "~/lib/env.server";
import { createSession, clientAddress, revokeSessionsOf } from "~/lib/session.server";
import { hashPassword, verifyPassword, DUMMY_HASH } from "~/lib/passwords";
import { formValues, type Errors, readForm } from "~/lib/forms.server";
import { audit } from "~/lib/audit.server";
import { reserveSignIn, signInSucceeded } from "~/features/admin/sign-in-throttle.server";
import { ROLES, codesOf } from "~/lib/vocabulary";
import type { Role } from "~/lib/vocabulary";
import { DEMO_PASSWORD, DEMO_USERS } from "~/demo/users";
import type { Conn } from "~/lib/db/connect";

export { DEMO_PASSWORD, DEMO_USERS };

export async function demoAccounts() {
  if (!isDemo()) return null;
  const db = await getDb();
  const rows = await db
    .selectFrom("users")
    .select(["email", "role"])
    .where(
      "email",
      "in",
      DEMO_USERS.map((u) => u.email),
    )
    .where("disabled_at", "is", null)
    .orderBy("id")
    .execute();
  if (rows.length === 0) return null;
  return { password: DEMO_PASSWORD, accounts: rows.map((r) => ({ email: r.email, role: ROLES[r.role] })) };
}

function waitMessage(seconds: number): string {
  if (seconds < 60) return `Wait ${seconds} ${seconds === 1 ? "second" : "seconds"} and try again.`;
  const minutes = Math.ceil(seconds / 60);
  return `Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"} and try again.`;
}

const APP_ORIGIN = "http://waypoint.invalid";

/**
 * Only a path of this app, else "/": never an open redirect. Browsers drop tabs and
 * newlines inside a URL and read a backslash as a slash, so "/", a tab, "/evil.example"
 * opens evil.example: control characters and backslashes are refused outright, and the
 * path is given back as the URL parser reads it ("/.//x" is "//x"), still one "/" first.
 */
export function safeReturnTo(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (typeof value !== "string" || value.length > 500 || !value.startsWith("/") || /[\x00-\x1f\x7f\\]/.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, APP_ORIGIN);
  } catch {
    return "/";
  }
  const path = url.pathname + url.search + url.hash;
  if (url.origin !== APP_ORIGIN || !path.startsWith("/") || path.startsWith("//")) return "/";
  if (url.pathname.startsWith("/sign-in") || url.pathname.startsWith("/sign-out")) return "/";
  return path;
}

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(320, "Enter your email address")
    .email("Enter an email address in the correct format, like name@example.com"),
  password: z.string().min(1, "Enter your password").max(1000, "Enter your password"),
});

export async function signIn(
  request: Request,
): Promise<{ ok: true; cookie: string; returnTo: string } | { ok: false; errors: Errors; email: string }> {
  const values = formValues(await readForm(request));
  const parsed = signInSchema.safeParse(values);
  const email = (values.email ?? "").trim().slice(0, 320);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    return { ok: false, errors, email };
  }
  const account = parsed.data.email.toLowerCase();
  const address = clientAddress(request);
  const db = await getDb();
  const reserved = await reserveSignIn(db, account, address);
  if (!reserved.ok) return { ok: false, errors: { _form: `Too many attempts to sign in. ${waitMessage(reserved.waitSeconds)}` }, email };
  const user = await db
    .selectFrom("users")
    .selectAll()
    .where(sql`lower(email)`, "=", account)
    .executeTakeFirst();
  // Always check a hash, so an unknown address takes as long as a wrong password.
  const ok = await verifyPassword(parsed.data.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled_at) {
    // The try stays counted: it was reserved before the hash.
    await audit(db, {
      userId: null,
      action: "sign-in-failed",
      entity: "user",
      entityId: user?.id ?? "unknown",
      after: { account, address },
    });
    // One message whatever was wrong: no clue whether the account exists.
    return { ok: false, errors: { email: "Enter a correct email address and password" }, email };
  }
  await signInSucceeded(db, account, address);
  await audit(db, { userId: user.id, action: "sign-in", entity: "user", entityId: user.id });
  const cookie = await createSession(request, user.id);
  return { ok: true, cookie, returnTo: safeReturnTo(values.returnTo) };
}

export const userSchema = z.object({
  name: z.string().trim().min(1, "Enter the person's name").max(200, "Name must be 200 characters or fewer"),
  email: z
    .string()
    .trim()
    .min(1, "Enter an email address")
    .max(320, "Email address must be 320 characters or fewer")
    .email("Enter an email address in the correct format, like name@example.com"),
  role: z.enum(codesOf(ROLES), { error: "Select a role" }),
});

export const userEditSchema = userSchema.extend({
  status: z.enum(["active", "disabled"], { error: "Select whether the account is active" }),
});

export const passwordSchema = z
  .string()
  .min(12, "Password must be 12 characters or more")
  .max(200, "Password must be 200 characters or fewer");

export async function listUsers(db: Conn) {
  return db.selectFrom("users").select(["id", "name", "email", "role", "disabled_at", "created_at"]).orderBy("name").execute();
}

export async function createUser(db: Conn, actorId: number | null, input: { name: string; email: string; role: Role; password: string }) {
  const row = await db
    .insertInto("users")
    .values({
      name: input.name,
      email: input.email,
      role: input.role,
      password_hash: await hashPassword(input.password),
    })
    .returning(["id", "name", "email", "role"])
    .executeTakeFirstOrThrow();
  await audit(db, { userId: actorId, action: "create", entity: "user", entityId: row.id, after: row });
  return row;
}

export async function updateUser(
  db: Conn,
  actorId: number,
  id: number,
  input: { name: string; email: string; role: Role; disabled: boolean },
) {
  const before = await db
    .selectFrom("users")
    .select(["id", "name", "email", "role", "disabled_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!before) throw new Response("Not Found", { status: 404 });
  const after = await db
    .updateTable("users")
    .set({
      name: input.name,
      email: input.email,
      role: input.role,
      disabled_at: input.disabled ? (before.disabled_at ?? new Date()) : null,
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .returning(["id", "name", "email", "role", "disabled_at"])
    .executeTakeFirstOrThrow();
  await audit(db, { userId: actorId, action: "update", entity: "user", entityId: id, before, after });
  if (input.disabled || input.role !== before.role) await revokeSessionsOf(db, id);
  return after;
}
