/**
 * The data exports: each file of the import template, in exactly its columns,
 * so an export imports back to the same data; and `history`, the household and
 * placement history in one file a council can take away. Each streams in
 * keyset-paged batches (WHERE id > last ORDER BY id LIMIT n), so memory stays
 * flat whatever the size.
 */
import { sql } from "kysely";
import { csvLine, type CsvValue } from "~/lib/csv.server";
import { registerExport, type CsvExport } from "~/lib/exports.server";
import { IMPORT_TEMPLATE, type ImportFileKind } from "~/features/import/template";
import type { Conn } from "~/lib/db/connect";

const PAGE = 2000;

/** Pages through a query by id: `page(after)` returns up to PAGE rows with an `id`, in id order. */
async function* keyset<T extends { id: number }>(page: (after: number) => Promise<T[]>): AsyncGenerator<T> {
  let after = 0;
  for (;;) {
    const rows = await page(after);
    for (const r of rows) yield r;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].id;
  }
}

function templateExport(
  kind: ImportFileKind,
  page: (db: Conn, after: number) => Promise<({ id: number } & Record<string, CsvValue>)[]>,
): CsvExport {
  return {
    name: kind,
    description: `Every row of ${IMPORT_TEMPLATE[kind].fileName} in the import template's columns: imports back to the same data`,
    params: [],
    permission: "import:data",
    async *run(db) {
      yield csvLine(IMPORT_TEMPLATE[kind].columns.map((c) => c.name));
      // Every cell through the one writer and its formula guard (a phone number or an email
      // address is free text on the provider form); the import takes the guard off again.
      for await (const row of keyset((after) => page(db, after))) yield csvLine(IMPORT_TEMPLATE[kind].columns.map((c) => row[c.name]));
    },
  };
}

const pounds = (pence: number) => (pence / 100).toFixed(2);

registerExport(
  templateExport("providers", async (db, after) => {
    const rows = await db
      .selectFrom("providers")
      .select(["id", "name", "provider_type", "email", "phone"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(PAGE)
      .execute();
    return rows.map((r) => ({ id: r.id, provider_name: r.name, provider_type: r.provider_type, email: r.email, phone: r.phone }));
  }),
);

registerExport(
  templateExport("units", async (db, after) => {
    const rows = await db
      .selectFrom("units as u")
      .innerJoin("properties as p", "p.id", "u.property_id")
      .innerJoin("providers as pr", "pr.id", "p.provider_id")
      .select([
        "u.id",
        "u.unit_ref",
        "pr.name as provider_name",
        "p.name as property_name",
        // a unit's own address where it has one, else its property's
        sql<string>`coalesce(u.address_line_1, p.address_line_1)`.as("address_line_1"),
        sql<string>`coalesce(u.town, p.town)`.as("town"),
        sql<string>`coalesce(u.postcode, p.postcode)`.as("postcode"),
        sql<string>`coalesce(u.district_gss, p.district_gss)`.as("district_gss"),
        "u.ta_type_code",
        "u.bedrooms",
        "u.max_occupants",
        "u.shared_kitchen",
        "u.shared_bathroom",
        "u.shared_toilet",
        "u.step_free",
        "u.in_use_from",
        "u.retired_on",
        "u.paid_for",
        "p.brma",
      ])
      .where("u.id", ">", after)
      .orderBy("u.id")
      .limit(PAGE)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      unit_ref: r.unit_ref,
      provider_name: r.provider_name,
      property_name: r.property_name,
      address_line_1: r.address_line_1,
      town: r.town,
      postcode: r.postcode,
      district_gss: r.district_gss,
      ta_type: r.ta_type_code,
      bedrooms: r.bedrooms,
      max_occupants: r.max_occupants,
      shared_kitchen: r.shared_kitchen,
      shared_bathroom: r.shared_bathroom,
      shared_toilet: r.shared_toilet,
      step_free: r.step_free,
      in_use_from: r.in_use_from,
      retired_on: r.retired_on,
      paid_for: r.paid_for,
      brma: r.brma,
    }));
  }),
);

registerExport(
  templateExport("unit_rates", async (db, after) => {
    const rows = await db
      .selectFrom("unit_rates as r")
      .innerJoin("units as u", "u.id", "r.unit_id")
      .select(["r.id", "u.unit_ref", "r.amount_pence", "r.basis", "r.effective_from"])
      .where("r.id", ">", after)
      .orderBy("r.id")
      .limit(PAGE)
      .execute();
    // a weekly rate stays weekly: a nightly equivalent would round and change the cost
    return rows.map((r) => ({
      id: r.id,
      unit_ref: r.unit_ref,
      effective_from: r.effective_from,
      nightly_rate: r.basis === "night" ? pounds(r.amount_pence) : null,
      weekly_rate: r.basis === "week" ? pounds(r.amount_pence) : null,
    }));
  }),
);

registerExport(
  templateExport("households", async (db, after) => {
    const rows = await db
      .selectFrom("households as h")
      .leftJoin("household_members as m", (j) => j.onRef("m.household_id", "=", "h.id").on("m.relationship", "=", "lead"))
      .select(["h.id", "h.case_ref", "m.name as lead_name", "h.duty", "h.step_free_needed", "h.support_needs", "h.awaiting_since"])
      .where("h.id", ">", after)
      .orderBy("h.id")
      .limit(PAGE)
      .execute();
    return rows.map((r) => ({ ...r, support_needs: r.support_needs || null }));
  }),
);

registerExport(
  templateExport("members", async (db, after) => {
    const rows = await db
      .selectFrom("household_members as m")
      .innerJoin("households as h", "h.id", "m.household_id")
      .leftJoin("member_pregnancies as mp", (j) => j.onRef("mp.member_id", "=", "m.id").on("mp.to_date", "is", null))
      .select([
        "m.id",
        "h.case_ref",
        "m.name",
        "m.date_of_birth",
        "m.relationship",
        "m.pregnant",
        "m.sex",
        "mp.from_date as pregnant_since",
      ])
      .where("m.id", ">", after)
      .orderBy("m.id")
      .limit(PAGE)
      .execute();
    return rows;
  }),
);

registerExport(
  templateExport("placements", async (db, after) => {
    const rows = await db
      .selectFrom("placements as p")
      .innerJoin("households as h", "h.id", "p.household_id")
      .innerJoin("units as u", "u.id", "p.unit_id")
      .select([
        "p.id",
        "h.case_ref",
        "u.unit_ref",
        "p.start_date",
        "p.end_date",
        "p.end_reason",
        "p.destination",
        "p.duty",
        "h.duty as household_duty",
      ])
      .where("p.cancelled_at", "is", null)
      .where("p.id", ">", after)
      .orderBy("p.id")
      .limit(PAGE)
      .execute();
    // blank where it is the household's duty, as a council's file would have it
    return rows.map(({ household_duty, ...r }) => ({ ...r, duty: r.duty === household_duty ? null : r.duty }));
  }),
);

registerExport(
  templateExport("out_of_service", async (db, after) => {
    const rows = await db
      .selectFrom("out_of_service as o")
      .innerJoin("units as u", "u.id", "o.unit_id")
      .select(["o.id", "u.unit_ref", "o.start_date", "o.end_date", "o.reason"])
      .where("o.cancelled_at", "is", null)
      .where("o.id", ">", after)
      .orderBy("o.id")
      .limit(PAGE)
      .execute();
    return rows;
  }),
);

// Inspections and certificates (issue 21): a whole-property row names the property's first unit.
registerExport(
  templateExport("inspections", async (db, after) => {
    const r = await sql<{
      id: number;
      unit_ref: string;
      whole_property: string;
      inspected_on: string;
      inspector: string;
      grade: string;
      findings: string;
      works: string | null;
      works_due: string | null;
      works_completed: string | null;
      reinspect_on: string | null;
    }>`
      SELECT i.id, u.unit_ref, CASE WHEN i.unit_id IS NULL THEN 'yes' ELSE 'no' END AS whole_property, i.inspected_on, i.inspector,
             i.grade, i.findings, w.description AS works, w.due_on AS works_due, w.completed_on AS works_completed, i.reinspect_on
      FROM inspections i
      JOIN LATERAL (SELECT x.unit_ref FROM units x WHERE x.id = i.unit_id OR (i.unit_id IS NULL AND x.property_id = i.property_id)
                    ORDER BY x.id LIMIT 1) u ON true
      LEFT JOIN LATERAL (SELECT * FROM inspection_works x WHERE x.inspection_id = i.id ORDER BY x.id LIMIT 1) w ON true
      WHERE i.id > ${after}
      ORDER BY i.id
      LIMIT ${PAGE}`.execute(db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id), findings: x.findings || null }));
  }),
);

registerExport(
  templateExport("certificates", async (db, after) => {
    const r = await sql<{
      id: number;
      unit_ref: string;
      whole_property: string;
      certificate: string;
      issued_on: string;
      expires_on: string;
      reference: string | null;
    }>`
      SELECT c.id, u.unit_ref, CASE WHEN c.unit_id IS NULL THEN 'yes' ELSE 'no' END AS whole_property, c.kind AS certificate,
             c.issued_on, c.expires_on, c.reference
      FROM certificates c
      JOIN LATERAL (SELECT x.unit_ref FROM units x WHERE x.id = c.unit_id OR (c.unit_id IS NULL AND x.property_id = c.property_id)
                    ORDER BY x.id LIMIT 1) u ON true
      WHERE c.id > ${after}
      ORDER BY c.id
      LIMIT ${PAGE}`.execute(db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
  }),
);

const HISTORY_COLUMNS = [
  "case_ref",
  "lead_name",
  "duty",
  "step_free_needed",
  "support_needs",
  "members",
  "children",
  "placement_no",
  "unit_ref",
  "ta_type",
  "provider_name",
  "property_name",
  "address_line_1",
  "town",
  "postcode",
  "district_gss",
  "start_date",
  "end_date",
  "nights",
  "end_reason",
  "destination",
  "placement_duty",
  "cancelled_on",
  "cancel_reason",
] as const;

/**
 * The whole household and placement history in one file: one row per placement (or per
 * household never placed), with the duty each placement was made under. A cancelled
 * placement (booked, never taken up) has a row too, with cancelled_on and no placement_no.
 */
registerExport({
  name: "history",
  description: "Every household and its placement history in one file: the council's data to take away",
  params: [],
  permission: "import:data",
  async *run(db: Conn) {
    yield csvLine(HISTORY_COLUMNS);
    let after = 0;
    for (;;) {
      // a page of households with all their placements; the last household id is the cursor
      const res = await sql<Record<string, CsvValue> & { id: number; placement_id: number | null }>`
        WITH hh AS (SELECT * FROM households WHERE id > ${after} ORDER BY id LIMIT ${PAGE})
        SELECT hh.id, hh.case_ref, lead.name AS lead_name, hh.duty, hh.step_free_needed, hh.support_needs,
               (SELECT count(*) FROM household_members m WHERE m.household_id = hh.id) AS members,
               (SELECT count(*) FROM household_members m WHERE m.household_id = hh.id AND m.relationship = 'child') AS children,
               row_number() OVER (PARTITION BY hh.id, p.cancelled_at IS NULL ORDER BY p.start_date, p.id) AS placement_no,
               u.unit_ref, u.ta_type_code AS ta_type, pr.name AS provider_name, pp.name AS property_name,
               coalesce(u.address_line_1, pp.address_line_1) AS address_line_1, coalesce(u.town, pp.town) AS town,
               coalesce(u.postcode, pp.postcode) AS postcode, f.district_gss,
               p.start_date, p.end_date, (p.end_date - p.start_date) AS nights, p.end_reason, p.destination, p.id AS placement_id,
               p.duty AS placement_duty, to_char(p.cancelled_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS cancelled_on, p.cancel_reason
        FROM hh
        LEFT JOIN household_members lead ON lead.household_id = hh.id AND lead.relationship = 'lead'
        LEFT JOIN placements p ON p.household_id = hh.id
        LEFT JOIN units u ON u.id = p.unit_id
        LEFT JOIN properties pp ON pp.id = u.property_id
        LEFT JOIN unit_facts f ON f.unit_id = u.id
        LEFT JOIN providers pr ON pr.id = pp.provider_id
        ORDER BY hh.id, p.start_date, p.id`.execute(db);
      let households = 0;
      for (const r of res.rows) {
        if (r.id !== after) households++;
        after = r.id;
        const unnumbered = r.placement_id === null || r.cancelled_on !== null;
        yield csvLine(HISTORY_COLUMNS.map((c) => (c === "placement_no" && unnumbered ? null : r[c])));
      }
      if (households < PAGE) return;
    }
  },
});
