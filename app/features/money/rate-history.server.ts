/**
 * A provider's rate history: on the first night of each month, the average rate of the
 * provider's units in use that night with a rate in force, as pence a night (a weekly rate
 * / 7, as rates against the market count it), per TA type and over all its units. Rate
 * periods come from unit_rate_periods (db/definitions/money.ts), the one home of which rate
 * is in force on a night.
 */
import { sql } from "kysely";
import type { Conn } from "~/lib/db/connect";
import { addMonths, startOfMonth, type IsoDate } from "~/lib/dates";

export interface RateHistoryPoint {
  month: IsoDate;
  /** TA type name, or null for all the provider's units. */
  taType: string | null;
  units: number;
  /** Average pence a night, rounded to the penny. */
  nightlyPence: number;
}

/** Months shown: up to two years to this month. */
export const HISTORY_MONTHS = 24;

export async function providerRateHistory(db: Conn, providerId: number, today: IsoDate): Promise<RateHistoryPoint[]> {
  const to = startOfMonth(today);
  const from = addMonths(to, -(HISTORY_MONTHS - 1));
  const r = await sql<{ month: IsoDate; ta_type: string | null; units: string; nightly: string }>`
    WITH months AS (
      SELECT m::date AS d FROM generate_series(${from}::date::timestamp, ${to}::date::timestamp, interval '1 month') AS m
    ),
    rated AS (
      SELECT m.d, t.name AS ta_type,
             CASE WHEN r.basis = 'week' THEN r.amount_pence::numeric / 7 ELSE r.amount_pence::numeric END AS nightly
      FROM months m
      JOIN units u ON coalesce(u.in_use_from, '-infinity'::date) <= m.d AND coalesce(u.retired_on, 'infinity'::date) > m.d
      JOIN properties p ON p.id = u.property_id AND p.provider_id = ${providerId}
      JOIN ta_types t ON t.code = u.ta_type_code
      JOIN unit_rate_periods r ON r.unit_id = u.id AND r.effective_from <= m.d
                              AND coalesce(r.effective_to, 'infinity'::date) > m.d AND r.amount_pence IS NOT NULL
    )
    SELECT d AS month, ta_type, count(*) AS units, round(avg(nightly)) AS nightly
    FROM rated GROUP BY GROUPING SETS ((d, ta_type), (d)) ORDER BY d, ta_type NULLS FIRST`.execute(db);
  return r.rows.map((x) => ({ month: x.month, taType: x.ta_type, units: Number(x.units), nightlyPence: Number(x.nightly) }));
}
