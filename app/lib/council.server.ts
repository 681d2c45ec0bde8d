/** The council's name for the header and printed notices: WAYPOINT_COUNCIL_NAME, else the setting. */
import { getDb } from "~/lib/db/app.server";
import { env } from "~/lib/env.server";
import { getSetting } from "~/lib/settings.server";

export async function councilName(): Promise<string> {
  const fromEnv = env().WAYPOINT_COUNCIL_NAME;
  if (fromEnv) return fromEnv;
  try {
    return (await getSetting<string>(await getDb(), "council_name")) ?? "Your council";
  } catch {
    return "Your council";
  }
}
