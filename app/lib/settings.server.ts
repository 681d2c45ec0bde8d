/** Council settings: name, own district (GSS) and the like, editable by an administrator. */
import type { Conn } from "~/lib/db/connect";

export async function getSetting<T>(db: Conn, key: string): Promise<T | undefined> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value as T | undefined;
}

export async function setSetting(db: Conn, key: string, value: unknown): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}
