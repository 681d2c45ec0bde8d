/**
 * The register of districts (migration 0067): a GSS code's name, its council and where its
 * s208 notices go. Kept by an administrator; read wherever a district is shown.
 */
import { z } from "zod";
import { audit } from "~/lib/audit.server";
import type { Conn } from "~/lib/db/connect";

export interface District {
  gss: string;
  name: string;
  council: string;
  noticeAddress: string;
  noticeEmail: string;
}

type Row = { gss: string; name: string; council: string; notice_address: string; notice_email: string };
const toDistrict = (r: Row): District => ({
  gss: r.gss,
  name: r.name,
  council: r.council,
  noticeAddress: r.notice_address,
  noticeEmail: r.notice_email,
});

export async function allDistricts(db: Conn): Promise<District[]> {
  return (await db.selectFrom("districts").selectAll().orderBy("name").execute()).map(toDistrict);
}

/** A district in the register, or null. */
export async function districtOf(db: Conn, gss: string | null): Promise<District | null> {
  if (!gss) return null;
  const r = await db.selectFrom("districts").selectAll().where("gss", "=", gss).executeTakeFirst();
  return r ? toDistrict(r) : null;
}

/** "Knowsley (E08000011)", or the bare code when the register does not name it. */
export function districtLabel(gss: string | null, d: District | null | undefined): string {
  if (!gss) return "Not recorded";
  return d ? `${d.name} (${gss})` : gss;
}

/** A district as every page shows it, read from the register: "Knowsley (E08000011)", or the bare code. */
export async function districtLabelOf(db: Conn, gss: string | null): Promise<string> {
  return districtLabel(gss, await districtOf(db, gss));
}

export const districtSchema = z.object({
  gss: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^E0[6-9]\d{6}$/, "Enter the district's GSS code, like E08000011"),
  name: z.string().trim().min(1, "Enter the district's name").max(120, "The name must be 120 characters or fewer"),
  council: z.string().trim().max(120, "The council's name must be 120 characters or fewer"),
  notice_address: z.string().trim().max(500, "The address must be 500 characters or fewer"),
  notice_email: z
    .string()
    .trim()
    .max(254, "The email address must be 254 characters or fewer")
    .refine(
      (s) => s === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
      "Enter an email address like housing@example.gov.uk, or leave it blank",
    ),
});
export type DistrictInput = z.output<typeof districtSchema>;

/** Adds a district or changes one (by its code), audited. */
export async function saveDistrict(db: Conn, actorId: number, input: DistrictInput): Promise<void> {
  const before = await db.selectFrom("districts").selectAll().where("gss", "=", input.gss).executeTakeFirst();
  const row = {
    gss: input.gss,
    name: input.name,
    council: input.council,
    notice_address: input.notice_address,
    notice_email: input.notice_email,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("districts")
      .values(row)
      .onConflict((oc) => oc.column("gss").doUpdateSet(row))
      .execute();
    await audit(trx, { userId: actorId, action: before ? "edit" : "create", entity: "district", entityId: input.gss, before, after: row });
  });
}
