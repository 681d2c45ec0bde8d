/** Council settings: name, own district (GSS) and the like, editable by an administrator. */
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import type { Conn } from "./audit.server";

export async function getSetting<T>(db: Conn, key: string): Promise<T | undefined> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value as T | undefined;
}

export async function setSetting(db: Conn, key: string, value: unknown): Promise<void> {
  await db.insertInto("settings").values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) })).execute();
}

export async function councilName(): Promise<string> {
  const fromEnv = env().WAYPOINT_COUNCIL_NAME;
  if (fromEnv) return fromEnv;
  try {
    return (await getSetting<string>(await getDb(), "council_name")) ?? "Your council";
  } catch {
    return "Your council";
  }
}
