/** Small factories for database tests: synthetic data only. */
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { Relationship } from "~/lib/vocabulary";

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function makeUnit(
  db: Kysely<DB>,
  opts: Partial<{
    ta_type_code: string;
    bedrooms: number;
    max_occupants: number;
    shared: boolean;
    providerType: DB["providers"]["provider_type"];
    district: string;
  }> = {},
) {
  const provider = await db
    .insertInto("providers")
    .values({ name: `Provider ${next()}`, provider_type: opts.providerType ?? "hotel" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const property = await db
    .insertInto("properties")
    .values({
      provider_id: provider.id,
      name: `Property ${next()}`,
      address_line_1: "1 Test Street",
      town: "Testtown",
      postcode: "L1 1AA",
      district_gss: opts.district ?? "E08000012",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return db
    .insertInto("units")
    .values({
      unit_ref: `U-${next()}`,
      property_id: property.id,
      ta_type_code: opts.ta_type_code ?? "bnb",
      bedrooms: opts.bedrooms ?? 1,
      max_occupants: opts.max_occupants ?? 4,
      shared_kitchen: opts.shared ?? true,
      shared_bathroom: opts.shared ?? true,
      shared_toilet: false,
      step_free: false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeHousehold(
  db: Kysely<DB>,
  members: { name?: string; dob?: string; relationship?: Relationship; pregnant?: boolean; pregnantSince?: string }[] = [{}],
) {
  const h = await db
    .insertInto("households")
    .values({ case_ref: `CASE-${next()}`, duty: "s188" })
    .returningAll()
    .executeTakeFirstOrThrow();
  let i = 0;
  for (const m of members) {
    const member = await db
      .insertInto("household_members")
      .values({
        household_id: h.id,
        name: m.name ?? `Person ${next()}`,
        date_of_birth: m.dob ?? "1990-01-01",
        relationship: m.relationship ?? (i === 0 ? "lead" : "child"),
        pregnant: m.pregnant ?? false,
        position: i++,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // A pregnancy the trigger dated from today counts, in a test, from pregnantSince (default: long before any stay).
    if (m.pregnant)
      await db
        .updateTable("member_pregnancies")
        .set({ from_date: m.pregnantSince ?? "2000-01-01" })
        .where("member_id", "=", member.id)
        .execute();
  }
  return h;
}
