/** Configuration, parsed once at boot: a bad setting stops the app with a clear message. */
import { z } from "zod";
import path from "node:path";

const seconds = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, "must be a whole number of seconds")
    .transform(Number)
    .default(fallback);

const postgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:\/\//i.test(u), "must be a PostgreSQL connection string (postgres://...)");

const schema = z
  .object({
    DATABASE_URL: z.string().url().optional(),
    // A read-only copy of the database (a PostgreSQL streaming replica) the reports read from (ADR 0029).
    READ_DATABASE_URL: postgresUrl.optional(),
    WAYPOINT_DATA_DIR: z.string().min(1).default(path.resolve("data/pglite")),
    SESSION_SECRET: z.string().min(16).optional(),
    WAYPOINT_DEMO: z.enum(["0", "1"]).optional(),
    WAYPOINT_COUNCIL_GSS: z
      .string()
      .regex(/^[EWSN]\d{8}$/, "WAYPOINT_COUNCIL_GSS must be a GSS code like E08000012")
      .optional(),
    WAYPOINT_COUNCIL_NAME: z.string().min(1).optional(),
    WAYPOINT_TODAY: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    WAYPOINT_TEST_CLOCK: z.enum(["0", "1"]).optional(),
    // The app's limits on one database statement and on a transaction left idle (0: none);
    // past them the request answers 503 rather than hold a connection (ADR 0021).
    WAYPOINT_STATEMENT_TIMEOUT_SECONDS: seconds(30),
    WAYPOINT_IDLE_IN_TRANSACTION_SECONDS: seconds(60),
    // The folder of pg_dump and pg_restore, for `waypoint backup` and `restore`, when not on the PATH.
    WAYPOINT_PG_BIN: z.string().min(1).optional(),
    NODE_ENV: z.string().optional(),
  })
  .superRefine((e, ctx) => {
    // The embedded database is one process's folder: it has no copy to read from.
    if (e.READ_DATABASE_URL && !e.DATABASE_URL)
      ctx.addIssue({
        code: "custom",
        path: ["READ_DATABASE_URL"],
        message: "a read-only copy needs DATABASE_URL: the embedded database (no DATABASE_URL) has no replica to read from",
      });
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Parse a set of variables; one set to the empty string counts as unset, as shells and .env files mean it. */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const set = Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Waypoint cannot start: bad configuration\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** Demo mode: the embedded database with demo data, unless switched off. */
export function isDemo(): boolean {
  const e = env();
  if (e.WAYPOINT_DEMO) return e.WAYPOINT_DEMO === "1";
  return !e.DATABASE_URL;
}
