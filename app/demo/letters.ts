/**
 * Demo letters (issue 20, item 3): sent through the app's own sending, so each is the shipped
 * template filled in from the demo case. Placement offers for the latest placements still
 * running, dated the day each began; a booking confirmation for the latest of them; an s208
 * notice for the latest out-of-district placement whose district has an address for notices.
 * Deterministic (chosen by date and id), synthetic.
 */
import { sql, type Transaction } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { IsoDate } from "~/lib/dates";
import { sendLetter } from "~/features/letters/letters.server";

export async function loadDemoLetters(trx: Transaction<DB>, today: IsoDate, councilName: string): Promise<number> {
  const officer = await trx.selectFrom("users").select(["id", "name"]).where("email", "=", "officer@demo.waypoint.test").executeTakeFirst();
  if (!officer) return 0;
  const current = await sql<{ id: number; household_id: number; start_date: string; out_of_district: boolean; has_address: boolean }>`
    SELECT p.id, p.household_id, p.start_date::text AS start_date, f.out_of_district, coalesce(d.notice_address, '') <> '' AS has_address
    FROM placements p
    JOIN unit_facts f ON f.unit_id = p.unit_id
    LEFT JOIN districts d ON d.gss = f.district_gss
    WHERE p.cancelled_at IS NULL AND p.start_date <= ${today}::date AND (p.end_date IS NULL OR p.end_date > ${today}::date)
      AND EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = p.household_id AND m.relationship = 'lead')
    ORDER BY p.start_date DESC, p.id DESC
    LIMIT 200`.execute(trx);
  const base = { officerName: officer.name, councilName };
  let sent = 0;
  const send = async (
    p: (typeof current.rows)[number],
    kind: "placement_offer" | "booking_confirmation" | "s208_notice",
    sentTo?: string,
  ) => {
    await sendLetter(trx, officer.id, {
      ...base,
      householdId: p.household_id,
      placementId: p.id,
      kind,
      letterDate: p.start_date,
      sentTo: sentTo ?? "",
    });
    sent++;
  };
  const lead = async (householdId: number) =>
    (
      await trx
        .selectFrom("household_members")
        .select("name")
        .where("household_id", "=", householdId)
        .where("relationship", "=", "lead")
        .executeTakeFirstOrThrow()
    ).name;
  for (const p of current.rows.slice(0, 4)) await send(p, "placement_offer", `${await lead(p.household_id)}, by hand at the office`);
  if (current.rows[0]) await send(current.rows[0], "booking_confirmation", "The provider, by email");
  const away = current.rows.find((p) => p.out_of_district && p.has_address);
  if (away) await send(away, "s208_notice", "The receiving council, by email");
  return sent;
}
