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
});
