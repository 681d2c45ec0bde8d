import { sql } from "kysely";
import { getDb } from "~/lib/db/app.server";

/** Health: 200 when the database answers, 503 when it does not. No sign-in, no data. */
export async function loader() {
  const started = Date.now();
  try {
    const db = await getDb();
    await sql`select 1`.execute(db);
    return Response.json({ status: "ok", database: "reachable", ms: Date.now() - started }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
