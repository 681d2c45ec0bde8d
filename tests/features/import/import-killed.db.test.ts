/**
 * An import killed part-way leaves nothing behind: the whole import is one
 * transaction, so a process killed (SIGKILL, no chance to clean up) while it writes
 * must leave the database as it was. PostgreSQL only: the embedded engine lives inside
 * the importing process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { generateImportSet } from "../../support/import-set";

describe.runIf(ENGINE === "pg")("an import killed part-way (PostgreSQL)", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), "waypoint-killed-"));
    const set = generateImportSet({ households: 12000, seed: 11, today: "2026-11-01" });
    for (const [name, content] of Object.entries(set)) writeFileSync(path.join(dir, name), content);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it("leaves no row behind when the process is killed while it writes", async () => {
    const counts = async () =>
      (
        await sql<{ h: number; p: number; u: number; a: number }>`
      SELECT (SELECT count(*) FROM households) AS h, (SELECT count(*) FROM placements) AS p,
             (SELECT count(*) FROM units) AS u, (SELECT count(*) FROM audit_events) AS a`.execute(t.db)
      ).rows[0];
    const before = await counts();
    const child = spawn(process.execPath, ["app/cli/waypoint.mjs", "import", dir], {
      env: { ...process.env, DATABASE_URL: t.url! },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    // Wait until it is writing (an INSERT into Waypoint's tables, not the staging ones), then kill it outright.
    let writing = false;
    for (let i = 0; i < 600 && !writing; i++) {
      const r = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query ~* 'insert into (providers|properties|units|unit_rates|households|household_members|placements)\\M'`.execute(
        t.db,
      );
      writing = r.rows[0].n > 0;
      if (!writing) await new Promise((res) => setTimeout(res, 50));
    }
    expect(writing).toBe(true);
    child.kill("SIGKILL");
    expect(await exited).toBe(null);
    // PostgreSQL rolls the transaction back when the connection drops.
    for (let i = 0; i < 100; i++) {
      const r = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`.execute(
        t.db,
      );
      if (r.rows[0].n === 0) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(await counts()).toEqual(before);
  }, 120_000);
});
