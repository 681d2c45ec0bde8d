/**
 * WAYPOINT_TRUST_PROXY counts the proxies in front of Waypoint: the client's address is
 * that many from the right of X-Forwarded-For, so an address the client writes further
 * left is never taken. Seen where it matters: the sign-in throttle's address.
 */
import { test, expect } from "@playwright/test";
import { spawnSync } from "node:child_process";
import pg from "pg";
import { createDemoDatabase, startApp } from "./support/own-server";

const DB = `${process.env.E2E_DB ?? "waypoint_e2e"}_proxy`;
const PORT = Number(process.env.E2E_PORT ?? 3210) + 53;

let url: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  url = await createDemoDatabase(DB, 5);
});

async function addressSeen(trust: string | undefined, forwardedFor: string): Promise<string[]> {
  const app = await startApp({ databaseUrl: url, port: PORT, env: trust === undefined ? {} : { WAYPOINT_TRUST_PROXY: trust } });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query("DELETE FROM sign_in_throttles");
    const res = await fetch(`${app.base}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
      body: new URLSearchParams({ email: "nobody@demo.waypoint.test", password: "wrong password" }),
    });
    expect(res.status).toBe(200);
    const rows = await db.query<{ address: string }>("SELECT DISTINCT address FROM sign_in_throttles ORDER BY 1");
    return rows.rows.map((r) => r.address);
  } finally {
    await db.end();
    app.process.kill("SIGTERM");
    await new Promise((r) => app.process.once("exit", r));
  }
}

test("the client's address is as many hops from the right of X-Forwarded-For as there are trusted proxies", async () => {
  test.setTimeout(120_000);
  // The client sent "203.0.113.66"; the first proxy added the client's real address, the second the first proxy's.
  const header = "203.0.113.66, 198.51.100.7, 10.0.0.2";
  expect(await addressSeen(undefined, header)).toEqual(["127.0.0.1"]);
  expect(await addressSeen("0", header)).toEqual(["127.0.0.1"]);
  expect(await addressSeen("1", header)).toEqual(["10.0.0.2"]);
  expect(await addressSeen("2", header)).toEqual(["198.51.100.7"]);
});

test("a proxy count that is not a number stops the server with a clear message", async () => {
  const run = spawnSync(process.execPath, ["app/cli/serve.mjs", "build/index.js"], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(PORT), WAYPOINT_TRUST_PROXY: "true" },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("WAYPOINT_TRUST_PROXY must be the number of proxies in front of Waypoint");
});
