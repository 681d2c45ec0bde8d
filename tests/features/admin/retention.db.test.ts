/**
 * Retention (issue 22, item 2; ADR 0038): every table holding a household's data, and every
 * text and date-of-birth column in it, is classified; the dry run lists the closed cases past
 * retention and changes nothing; anonymising replaces names, reduces dates of birth to the
 * year (kept where a figure needs the day), removes notes, keeps cases on legal hold, removes
 * old views, and leaves every report CSV byte for byte the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { spawn } from "node:child_process";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { loadDemoData } from "~/demo/load";
import { loadDemoArchive } from "~/demo/archive";
import {
  ANONYMISED_NAME,
  applyRetention,
  PERSONAL_COLUMNS,
  retentionDue,
  setLegalHold,
  setRetentionYears,
} from "~/features/admin/retention.server";
import { getExport } from "~/features/exports.server";
import { lengthOfStayPage, statutoryPage } from "~/features/reports/report-pages.server";
import { addMonths, quarterEndOnOrBefore } from "~/lib/dates";
import { Refusal } from "~/lib/refusal";

const TODAY = "2026-11-23";
let t: TestDatabase;
let admin: number;

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.db, { today: TODAY, households: 150, years: 2, seed: 11 });
  await loadDemoArchive(t.db, TODAY);
  admin = (await t.db.selectFrom("users").select("id").where("role", "=", "administrator").executeTakeFirstOrThrow()).id;
}, 180_000);
afterAll(async () => {
  await t?.close();
});

async function csv(name: string, params: Record<string, string>) {
  let s = "";
  for await (const chunk of getExport(name)!.run(t.db, { ...params, today: TODAY })) s += chunk;
  return s;
}

/** Every report CSV, at every quarter end from before the archive's stays to today. */
async function reportCsvs(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const nights: string[] = [];
  for (let d = quarterEndOnOrBefore(addMonths(TODAY, -12 * 10)); d <= TODAY; d = quarterEndOnOrBefore(addMonths(d, 4))) nights.push(d);
  nights.push(TODAY);
  for (const asOf of nights) {
    out[`ta1 ${asOf}`] = await csv("ta1", { asOf });
    out[`ta2 ${asOf}`] = await csv("ta2", { asOf });
    out[`length-of-stay ${asOf}`] = await csv("length-of-stay", { asOf });
    out[`statutory-extract ${asOf}`] = await csv("statutory-extract", { asOf });
    out[`los by household type ${asOf}`] = JSON.stringify((await lengthOfStayPage(t.db, { asOf, split: "household_type" })).csv);
    const s = await statutoryPage(t.db, { asOf });
    out[`ta1-page ${asOf}`] = JSON.stringify(s.ta1Csv);
    out[`ta2-page ${asOf}`] = JSON.stringify(s.ta2Csv);
  }
  out.flow = await csv("flow", { from: "2016-01-01", to: TODAY });
  out.occupancy = await csv("occupancy", { from: "2016-01-01", to: TODAY });
  return out;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Refusal) return e.message;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe(`retention on ${ENGINE}`, () => {
  it("classifies every table holding a household's data, and every text, JSON and date-of-birth column in it", async () => {
    const tables = await sql<{ table_name: string }>`
      SELECT DISTINCT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables x ON x.table_name = c.table_name AND x.table_schema = c.table_schema AND x.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name IN ('household_id', 'placement_id') ORDER BY 1`.execute(t.db);
    // unit_calendar: the nights a placement holds, derived from the placement.
    const expected = [...tables.rows.map((r) => r.table_name).filter((n) => n !== "unit_calendar"), "households"].sort();
    expect(Object.keys(PERSONAL_COLUMNS).sort()).toEqual(expected);
    const cols = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ANY(${expected}::text[])
        AND (data_type IN ('text', 'ARRAY', 'jsonb', 'json', 'character varying') OR column_name = 'date_of_birth')
      ORDER BY 1, 2`.execute(t.db);
    const declared = Object.entries(PERSONAL_COLUMNS)
      .flatMap(([table, d]) => Object.keys(d.columns).map((c) => `${table}.${c}`))
      .sort();
    expect(declared).toEqual(cols.rows.map((c) => `${c.table_name}.${c.column_name}`).sort());
  });

  it("lists the closed cases past six years in a dry run, and changes nothing", async () => {
    const { years, cases } = await retentionDue(t.db, TODAY);
    expect(years).toBe(6);
    expect(cases.map((c) => c.caseRef)).toEqual([
      "ARC-2017-001",
      "ARC-2018-002",
      "ARC-2018-003",
      "ARC-2018-004",
      "ARC-2018-005",
      "ARC-2018-006",
      "ARC-2018-007",
      "ARC-2018-008",
      "ARC-2018-009",
    ]);
    expect(cases.filter((c) => c.onHold).map((c) => c.caseRef)).toEqual(["ARC-2018-003"]);
    const before = await sql`SELECT name, date_of_birth FROM household_members ORDER BY id`.execute(t.db);
    const run = await applyRetention(t.db, TODAY, { dryRun: true });
    expect(run.anonymised).toHaveLength(8);
    expect(run.held.map((c) => c.caseRef)).toEqual(["ARC-2018-003"]);
    expect(run.viewsRemoved).toBe(9);
    expect((await sql`SELECT name, date_of_birth FROM household_members ORDER BY id`.execute(t.db)).rows).toEqual(before.rows);
  });

  it("refuses a legal hold with no reason, and puts one on and takes it off, audited", async () => {
    const h = await t.db.selectFrom("households").select("id").where("case_ref", "=", "ARC-2018-009").executeTakeFirstOrThrow();
    expect(await refusal(setLegalHold(t.db, admin, h.id, { reason: "  " }))).toBe("Enter why the case must be kept");
    await setLegalHold(t.db, admin, h.id, { reason: "Ombudsman complaint" });
    expect((await retentionDue(t.db, TODAY)).cases.find((c) => c.caseRef === "ARC-2018-009")?.onHold).toBe(true);
    await setLegalHold(t.db, admin, h.id, null);
    expect(await refusal(setLegalHold(t.db, admin, h.id, null))).toBe("This case is not on legal hold");
    const audits = await t.db.selectFrom("audit_events").select("action").where("household_id", "=", h.id).orderBy("id").execute();
    expect(audits.map((a) => a.action)).toEqual(["legal-hold", "lift-legal-hold"]);
  });

  it.skipIf(ENGINE === "pglite")(
    "waypoint maintain --retention --dry-run lists the cases and changes nothing; --dry-run alone is a usage error",
    async () => {
      const run = (args: string[]) =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ["app/cli/waypoint.mjs", ...args], {
            env: { ...process.env, DATABASE_URL: t.url!, WAYPOINT_TODAY: TODAY },
            cwd: process.cwd(),
          });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => (stdout += d));
          child.stderr.on("data", (d) => (stderr += d));
          child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
        });
      const r = await run(["maintain", "--retention", "--dry-run"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split("\n");
      expect(lines[0]).toBe("Retention: closed cases are kept 6 years after their last placement ended or their case closed.");
      expect(lines.filter((l) => l.startsWith("Would anonymise ARC-"))).toHaveLength(8);
      expect(lines).toContain(
        "Kept on legal hold: ARC-2018-003 (closed 2018-08-10): Demo: a claim against the council about this case is open",
      );
      expect(lines[lines.length - 1]).toBe(
        "Would anonymise 8 cases; 1 on legal hold; would remove 9 views older than the retention period.",
      );
      expect(r.stdout).not.toMatch(/Occupancy ledger folded/);
      expect((await retentionDue(t.db, TODAY)).cases).toHaveLength(9);
      const bad = await run(["maintain", "--dry-run"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--dry-run goes with --retention/);
    },
    120_000,
  );

  it("anonymises the cases past retention and not on hold, and every report CSV stays byte for byte the same", async () => {
    const before = await reportCsvs();
    const first = await t.db
      .selectFrom("household_members as m")
      .innerJoin("households as h", "h.id", "m.household_id")
      .select(["m.name", "m.date_of_birth", "h.case_ref"])
      .where("h.case_ref", "in", ["ARC-2017-001", "ARC-2018-002", "ARC-2018-003"])
      .orderBy("m.id")
      .execute();
    const run = await applyRetention(t.db, TODAY, { dryRun: false, actorId: null });
    expect(run.anonymised).toHaveLength(8);
    expect(run.viewsRemoved).toBe(9);

    const after = await reportCsvs();
    for (const k of Object.keys(before)) expect(after[k], k).toBe(before[k]);

    const members = await t.db
      .selectFrom("household_members as m")
      .innerJoin("households as h", "h.id", "m.household_id")
      .select(["m.name", "m.date_of_birth", "h.case_ref", "h.support_needs", "h.anonymised_at"])
      .where("h.case_ref", "in", ["ARC-2017-001", "ARC-2018-002", "ARC-2018-003"])
      .orderBy("m.id")
      .execute();
    const dob = (d: unknown) => String(d).slice(0, 10);
    // The first family: the lead keeps 1 January of the year; the child who turned 16 during the
    // stay keeps the day (the only date that keeps "under 16" right on every night of the stay).
    expect(members.map((m) => [m.case_ref, m.name, dob(m.date_of_birth)])).toEqual([
      ["ARC-2017-001", ANONYMISED_NAME, `${dob(first[0].date_of_birth).slice(0, 4)}-01-01`],
      ["ARC-2017-001", ANONYMISED_NAME, dob(first[1].date_of_birth)],
      ["ARC-2018-002", ANONYMISED_NAME, `${dob(first[2].date_of_birth).slice(0, 4)}-01-01`],
      ["ARC-2018-002", ANONYMISED_NAME, `${dob(first[3].date_of_birth).slice(0, 4)}-01-01`],
      ["ARC-2018-002", ANONYMISED_NAME, `${dob(first[4].date_of_birth).slice(0, 4)}-01-01`],
      // On legal hold: untouched.
      ["ARC-2018-003", "Colm Yearsley", dob(first[5].date_of_birth)],
    ]);
    expect(members.filter((m) => m.case_ref !== "ARC-2018-003").every((m) => m.support_needs === "" && m.anonymised_at !== null)).toBe(
      true,
    );
    const notes = await sql<{ note: string; case_ref: string; end_reason: string | null }>`
      SELECT c.note, h.case_ref, p.end_reason FROM contacts c JOIN households h ON h.id = c.household_id
      JOIN placements p ON p.household_id = h.id WHERE h.case_ref LIKE 'ARC-%' ORDER BY h.case_ref`.execute(t.db);
    expect(notes.rows.filter((n) => n.note === "" && n.end_reason === null).map((n) => n.case_ref)).toHaveLength(8);
    expect(notes.rows.find((n) => n.case_ref === "ARC-2018-003")?.note).toMatch(/Colm Yearsley/);
    // The audit trail keeps who did what, without the personal data in it.
    const trail = await sql<{ n: string }>`
      SELECT count(*) AS n FROM audit_events a JOIN households h ON h.id = a.household_id
      WHERE h.anonymised_at IS NOT NULL AND a.action <> 'anonymise' AND (a.before IS NOT NULL OR a.after IS NOT NULL)`.execute(t.db);
    expect(Number(trail.rows[0].n)).toBe(0);
    // A second run finds nothing more to do.
    const again = await applyRetention(t.db, TODAY, { dryRun: false });
    expect(again.anonymised).toHaveLength(0);
    expect(again.viewsRemoved).toBe(0);
  }, 600_000);

  it("keeps cases for the years the council sets", async () => {
    await setRetentionYears(t.db, admin, 20);
    expect((await retentionDue(t.db, TODAY)).cases.filter((c) => !c.onHold)).toHaveLength(0);
    await setRetentionYears(t.db, admin, 6);
  });
});
