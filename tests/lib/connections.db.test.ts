/**
 * The app's PostgreSQL connections when the server ends them (a restart, a failover,
 * pg_terminate_backend, the idle-in-transaction timeout) or a statement runs past the
 * statement timeout (app/lib/db/connect.ts, ADR 0021): the query fails with an error the
 * app answers 503, nothing crashes the process, and the pool goes on by itself.
 * A client's unhandled 'error' event fails this file's run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import pg from "pg";
import { createTestDatabase, ENGINE, type TestDatabase } from "../support/harness";
import { openDatabase, openPg, type Database } from "~/lib/db/connect";
import { isConnectionError, isStatementTimeout } from "~/lib/db/errors";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** What the app's mapper sees, and what it turns into the 503. */
class Mapped extends Error {
  constructor(readonly original: unknown) {
    super("mapped");
  }
}
const map = (e: unknown) => new Mapped(e);

async function withPg<T>(timeouts: Parameters<typeof openPg>[3], fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openPg(t.url!, 3, map, timeouts);
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

describe.runIf(ENGINE === "pg")("connections ended under a request (PostgreSQL)", () => {
  const terminate = async (pid: number) => {
    const admin = new pg.Client({ connectionString: t.url! });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    } finally {
      await admin.end();
    }
  };

  it("a session ended while its client is lent out fails that query, and the pool goes on", async () => {
    await withPg(undefined, async ({ db }) => {
      const failure = await db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
          await terminate(rows[0].pid);
          await sql`SELECT 1`.execute(trx);
        })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Mapped);
      expect(isConnectionError((failure as Mapped).original)).toBe(true);
      // The broken client was dropped, not lent again: every later query gets a live one.
      for (let i = 0; i < 6; i++) expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows).toEqual([{ one: 1 }]);
    });
  });

  it("sessions ended while idle in the pool are replaced", async () => {
    await withPg(undefined, async ({ db }) => {
      const pids = await Promise.all(
        [1, 2, 3].map(async () => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(db)).rows[0].pid),
      );
      for (const pid of new Set(pids)) await terminate(pid);
      await new Promise((r) => setTimeout(r, 100));
      expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows).toEqual([{ one: 1 }]);
    });
  });

  it("the statement timeout cancels a long statement with an error the app answers 503, and the client stays usable", async () => {
    await withPg({ statementMs: 300, idleInTransactionMs: 0 }, async ({ db }) => {
      const started = Date.now();
      const failure = await sql`SELECT pg_sleep(5)`.execute(db).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(failure).toBeInstanceOf(Mapped);
      expect(isStatementTimeout((failure as Mapped).original)).toBe(true);
      expect((await sql<{ s: string }>`SELECT current_setting('statement_timeout') AS s`.execute(db)).rows[0].s).toBe("300ms");
    });
  });

  it("the idle-in-transaction timeout ends a transaction left idle: its next query fails as a lost connection, and the pool goes on", async () => {
    await withPg({ statementMs: 0, idleInTransactionMs: 300 }, async ({ db }) => {
      const failure = await db
        .transaction()
        .execute(async (trx) => {
          await sql`SELECT 1`.execute(trx);
          await new Promise((r) => setTimeout(r, 1_000));
          await sql`SELECT 2`.execute(trx);
        })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Mapped);
      expect(isConnectionError((failure as Mapped).original)).toBe(true);
      expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows).toEqual([{ one: 1 }]);
    });
  });

  it("without timeouts (the command line, the migrations) a session has no statement or idle limit", async () => {
    await withPg(undefined, async ({ db }) => {
      const { rows } = await sql<{ s: string; i: string }>`SELECT current_setting('statement_timeout') AS s,
        current_setting('idle_in_transaction_session_timeout') AS i`.execute(db);
      expect(rows[0]).toEqual({ s: "0", i: "0" });
    });
  });
});

describe.runIf(ENGINE === "pglite")("the embedded database (PGlite)", () => {
  it("opens with the app's timeouts given and applies none: it runs in the process and cannot stall apart from it", async () => {
    const d = await openDatabase({ dataDir: "memory://", timeouts: { statementMs: 100, idleInTransactionMs: 100 } });
    try {
      expect((await sql<{ s: string }>`SELECT current_setting('statement_timeout') AS s`.execute(d.db)).rows[0].s).toBe("0");
      expect((await sql<{ v: number }>`SELECT 1 AS v FROM pg_sleep(0.3)`.execute(d.db)).rows).toEqual([{ v: 1 }]);
    } finally {
      await d.close();
    }
  });
});
