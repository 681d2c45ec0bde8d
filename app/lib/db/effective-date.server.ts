/**
 * The night a change takes effect, for the triggers that keep facts with dates
 * (db/definitions/household-facts.ts): a member who leaves left on this night, a
 * pregnancy recorded now counts from it, a cleared wait for a placement ends on it.
 * It is the app's "today" for the request (which a test clock may pin), set for the rest
 * of the transaction; without it the triggers take today in Europe/London.
 */
import { sql } from "kysely";
import type { IsoDate } from "~/lib/dates";
import type { Conn } from "~/lib/db/connect";

export async function takesEffectOn(trx: Conn, night: IsoDate): Promise<void> {
  await sql`SELECT set_config('waypoint.effective_date', ${night}, true)`.execute(trx);
}
