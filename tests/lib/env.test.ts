import { describe, expect, it } from "vitest";
import { parseEnv } from "~/lib/env.server";

describe("configuration", () => {
  it("treats a variable set to the empty string as unset", () => {
    const e = parseEnv({ DATABASE_URL: "", WAYPOINT_TODAY: "", WAYPOINT_DATA_DIR: "/tmp/x" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.WAYPOINT_TODAY).toBeUndefined();
    expect(e.WAYPOINT_DATA_DIR).toBe("/tmp/x");
  });

  it("refuses a bad setting with its name", () => {
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL: Invalid URL/);
    expect(() => parseEnv({ WAYPOINT_COUNCIL_GSS: "E0800001" })).toThrow(/WAYPOINT_COUNCIL_GSS must be a GSS code/);
  });

  it("gives the database timeouts in seconds, 30 and 60 unless set, 0 for none", () => {
    const d = parseEnv({});
    expect([d.WAYPOINT_STATEMENT_TIMEOUT_SECONDS, d.WAYPOINT_IDLE_IN_TRANSACTION_SECONDS]).toEqual([30, 60]);
    const set = parseEnv({ WAYPOINT_STATEMENT_TIMEOUT_SECONDS: "5", WAYPOINT_IDLE_IN_TRANSACTION_SECONDS: "0" });
    expect([set.WAYPOINT_STATEMENT_TIMEOUT_SECONDS, set.WAYPOINT_IDLE_IN_TRANSACTION_SECONDS]).toEqual([5, 0]);
    expect(() => parseEnv({ WAYPOINT_STATEMENT_TIMEOUT_SECONDS: "30s" })).toThrow(
      /WAYPOINT_STATEMENT_TIMEOUT_SECONDS: must be a whole number of seconds/,
    );
    expect(() => parseEnv({ WAYPOINT_IDLE_IN_TRANSACTION_SECONDS: "-1" })).toThrow(/WAYPOINT_IDLE_IN_TRANSACTION_SECONDS/);
  });

  it("takes a read-only copy (READ_DATABASE_URL) only as a PostgreSQL URL, and only with DATABASE_URL", () => {
    const both = parseEnv({ DATABASE_URL: "postgres://app@db/waypoint", READ_DATABASE_URL: "postgres://app@replica/waypoint" });
    expect(both.READ_DATABASE_URL).toBe("postgres://app@replica/waypoint");
    expect(parseEnv({ DATABASE_URL: "postgres://app@db/waypoint", READ_DATABASE_URL: "" }).READ_DATABASE_URL).toBeUndefined();
    expect(() => parseEnv({ DATABASE_URL: "postgres://app@db/waypoint", READ_DATABASE_URL: "mysql://app@replica/waypoint" })).toThrow(
      /READ_DATABASE_URL: must be a PostgreSQL connection string/,
    );
    // The embedded database has no replica.
    expect(() => parseEnv({ READ_DATABASE_URL: "postgres://app@replica/waypoint" })).toThrow(
      /Waypoint cannot start: bad configuration\nREAD_DATABASE_URL: a read-only copy needs DATABASE_URL/,
    );
  });
});
