import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { makeHousehold, makeUnit } from "../../support/factories";
import { importFiles, type ImportFileInput } from "~/features/import/import.server";
import type { ImportProblem } from "~/features/import/parse";
import { getExport } from "~/features/exports.server";
import { occupancyTotals } from "~/features/reports/reports.server";
import { placeHousehold } from "~/features/placements/placements.server";
import { generateImportSet, type ImportSet } from "../../support/import-set";
import type { Conn } from "~/lib/db/connect";

const TODAY = "2026-03-01";
const TABLES = ["providers", "properties", "units", "unit_rates", "households", "household_members", "placements", "episodes"] as const;
const DATA_EXPORTS = ["providers", "units", "unit_rates", "households", "members", "placements"] as const;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const filesOf = (set: Partial<ImportSet>): ImportFileInput[] => Object.entries(set).map(([name, content]) => ({ name, content }));

/** Imports the files, collecting every problem (in file, row and column order) and the errors among them. */
async function runImport(db: TestDatabase["db"], set: Partial<ImportSet> | ImportFileInput[], opts: { dryRun?: boolean } = {}) {
  const problems: ImportProblem[] = [];
  const result = await importFiles(db, Array.isArray(set) ? set : filesOf(set), {
    today: TODAY,
    userId: null,
    reference: "test",
    dryRun: opts.dryRun,
    onProblems: (page) => void problems.push(...page),
  });
  return { result, problems, errors: problems.filter((p) => p.severity === "error") };
}

async function tableCounts(db: Conn): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    out[table] = r.rows[0].n;
  }
  return out;
}

async function exportText(db: Conn, name: string): Promise<string> {
  let s = "";
  for await (const chunk of getExport(name)!.run(db, { today: TODAY })) s += chunk;
  return s;
}

/** Every data export, as a set of files that can be imported again. */
async function exportAll(db: Conn): Promise<ImportSet> {
  const out: Record<string, string> = {};
  for (const name of DATA_EXPORTS) out[`${name}.csv`] = await exportText(db, name);
  return out as ImportSet;
}

const SET = generateImportSet({ households: 300, seed: 11, today: TODAY });

describe(`importing a spreadsheet-shaped set on ${ENGINE}`, () => {
  it("imports a few hundred households with their members, units, rates and placements", async () => {
    const before = await tableCounts(t.db);
    const dry = await runImport(t.db, SET, { dryRun: true });
    expect(dry.result.ok).toBe(true);
    expect(await tableCounts(t.db)).toEqual(before); // a dry run saves nothing

    const { errors, result } = await runImport(t.db, SET);
    expect(errors).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok || !result.counts) return;
    const households = SET["households.csv"].trim().split("\r\n").length - 1;
    const placements = SET["placements.csv"].trim().split("\r\n").length - 1;
    expect(result.counts.households).toEqual({ added: households, updated: 0, unchanged: 0 });
    expect(result.counts.placements).toEqual({ added: placements, updated: 0, unchanged: 0 });
    if (dry.result.ok) expect(dry.result.counts).toEqual(result.counts);
    const after = await tableCounts(t.db);
    expect(after.households).toBe(households);
    expect(after.placements).toBe(placements);
    expect(placements).toBeGreaterThan(300);
    // every placement belongs to an episode, and a transfer keeps one episode
    const loose = await sql<{ n: number }>`SELECT count(*) AS n FROM placements WHERE episode_id IS NULL`.execute(t.db);
    expect(loose.rows[0].n).toBe(0);
    const multi = await sql<{ n: number }>`SELECT count(*) AS n FROM episodes WHERE placements > 1`.execute(t.db);
    expect(multi.rows[0].n).toBeGreaterThan(0);
    const audits = await t.db.selectFrom("audit_events").select(["entity", "after"]).where("action", "=", "import").execute();
    const summary = audits.filter((a) => a.entity === "import");
    expect(summary).toHaveLength(1);
    expect((summary[0].after as { counts: { households: { added: number } } }).counts.households.added).toBe(households);
    // And a row for each record it added, naming the import.
    const rows = (entity: string) => audits.filter((a) => a.entity === entity);
    expect(rows("household")).toHaveLength(households);
    expect(rows("placement")).toHaveLength(placements);
    expect(rows("member").length).toBeGreaterThanOrEqual(households);
    expect(rows("unit").length).toBeGreaterThan(0);
    expect(rows("unit_rate").length).toBeGreaterThan(0);
    expect(rows("placement")[0].after).toEqual({ import: "test", change: "added" });
  });

  it("builds the episodes the files describe: a transfer keeps one episode, a gap starts another", async () => {
    // the rule, worked out here from the CSV: a placement starting after every earlier one has ended starts an episode
    const rows = SET["placements.csv"]
      .trim()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(","));
    const iso = (d: string) => (d.includes("/") ? `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}` : d);
    const byCase = new Map<string, { start: string; end: string }[]>();
    for (const [caseRef, , start, end] of rows) {
      const list = byCase.get(caseRef) ?? [];
      list.push({ start: iso(start), end: end ? iso(end) : "9999-12-31" });
      byCase.set(caseRef, list);
    }
    const expected: string[] = [];
    for (const [caseRef, list] of byCase) {
      list.sort((a, b) => a.start.localeCompare(b.start));
      let reach = "";
      let n = 0;
      for (const p of list) {
        if (reach === "" || p.start > reach) {
          if (n) expected.push(`${caseRef}:${n}`);
          n = 0;
        }
        n++;
        if (p.end > reach) reach = p.end;
      }
      expected.push(`${caseRef}:${n}`);
    }
    const got = await sql<{ k: string }>`
      SELECT h.case_ref || ':' || e.placements AS k FROM episodes e JOIN households h ON h.id = e.household_id
      WHERE h.case_ref LIKE 'HL/%'`.execute(t.db);
    expect(got.rows.map((r) => r.k).sort()).toEqual(expected.sort());
  });

  it("changes nothing when the same files are imported again", async () => {
    const before = await tableCounts(t.db);
    const exportsBefore = await exportAll(t.db);
    const { result } = await runImport(t.db, SET);
    expect(result.ok).toBe(true);
    if (!result.ok || !result.counts) return;
    for (const counts of Object.values(result.counts)) expect(counts.added + counts.updated).toBe(0);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await exportAll(t.db)).toEqual(exportsBefore);
  });

  it("exports data that imports back into an empty database as the same data", async () => {
    // Cells the formula guard changes on the way out ("'+44 ...", "'=...") and the import restores.
    const first = await t.db.selectFrom("providers").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow();
    await t.db
      .updateTable("providers")
      .set({ phone: "+44 161 496 0000", name: sql`'=' || name` })
      .where("id", "=", first.id)
      .execute();
    const exported = await exportAll(t.db);
    expect(exported["providers.csv"]).toMatch(/\r\n'=[^,]+,[^,]+,[^,]*,'\+44 161 496 0000\r\n/);
    // the export re-imports into the same database without a change
    const again = await runImport(t.db, exported);
    expect(again.result.ok).toBe(true);
    if (again.result.counts) for (const c of Object.values(again.result.counts)) expect(c.added + c.updated).toBe(0);

    const other = await createTestDatabase();
    try {
      const { errors, result } = await runImport(other.db, exported);
      expect(errors).toEqual([]);
      expect(result.ok).toBe(true);
      expect(await exportAll(other.db)).toEqual(exported);
      expect(await tableCounts(other.db)).toEqual(await tableCounts(t.db));
    } finally {
      await other.close();
    }
  }, 120_000); // a second database: on PGlite a fresh one takes seconds to create

  it("refuses a broken copy with every problem listed and saves nothing", async () => {
    const before = await tableCounts(t.db);
    const auditsBefore = await t.db
      .selectFrom("audit_events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    const broken: ImportSet = {
      ...SET,
      // a second copy of a case reference, and a brand-new household to show nothing new is saved
      "households.csv": SET["households.csv"] + "HL/000001,Someone Else,s188,,\r\nNEW/1,New Person,s188,,\r\n",
      // a date that is not real, and a member of a household that does not exist
      "members.csv":
        SET["members.csv"].replace(/\r\n(HL\/000002,[^,]+,)[^,]+,/, "\r\n$131/02/2016,") +
        "NOPE/1,Nobody,2000-01-01,lead,,\r\nNEW/1,New Person,1990-01-01,lead,,\r\n",
      // an unknown unit, and a placement overlapping the one before it in the same unit
      "placements.csv": SET["placements.csv"] + "HL/000003,NO-SUCH-UNIT,2025-01-01,2025-02-01,,\r\n",
    };
    const { result, errors: problems } = await runImport(t.db, broken);
    expect(result.ok).toBe(false);
    const find = (file: string, column: string) => problems.filter((p) => p.file === file && p.column === column);
    expect(
      find("households.csv", "case_ref")
        .map((p) => p.message)
        .join(),
    ).toMatch(/already used on row 2/);
    expect(
      find("members.csv", "date_of_birth")
        .map((p) => p.message)
        .join(),
    ).toMatch(/not a real date/);
    expect(find("members.csv", "case_ref").map((p) => p.value)).toContain("NOPE/1");
    expect(find("placements.csv", "unit_ref").map((p) => p.value)).toContain("NO-SUCH-UNIT");
    for (const p of problems) expect(p.row).toBeGreaterThan(1);
    expect(await tableCounts(t.db)).toEqual(before);
    const auditsAfter = await t.db
      .selectFrom("audit_events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(auditsAfter.n).toBe(auditsBefore.n);
    expect(await t.db.selectFrom("households").select("id").where("case_ref", "=", "NEW/1").execute()).toEqual([]);
  });

  it("refuses a placement that overlaps one already in Waypoint, naming the row, and saves nothing", async () => {
    const unit = await makeUnit(t.db);
    const a = await makeHousehold(t.db);
    await t.db
      .insertInto("placements")
      .values({ household_id: a.id, unit_id: unit.id, start_date: "2025-01-01", end_date: "2025-03-01", duty: "s188" })
      .execute();
    const before = await tableCounts(t.db);
    const { result, errors } = await runImport(t.db, {
      "households.csv": "case_ref,lead_name,duty\r\nOVER/1,Olu Over,s188\r\n",
      "placements.csv": `case_ref,unit_ref,start_date,end_date\r\nOVER/1,${unit.unit_ref},2025-02-01,2025-04-01\r\n`,
    });
    expect(result.ok).toBe(false);
    expect(errors).toEqual([
      expect.objectContaining({
        file: "placements.csv",
        row: 2,
        column: "start_date",
        message: expect.stringMatching(/overlaps a placement already in Waypoint in unit .*night of 1 February 2025/),
      }),
    ]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it("updates a placement that has ended since the last import, and rebuilds its episode", async () => {
    const open = /\r\n(HL\/\d+),(U-\d+),([0-9/-]+),,,\r\n/.exec(SET["placements.csv"])!;
    const [, caseRef, unitRef, start] = open;
    const { result } = await runImport(t.db, {
      "placements.csv": `case_ref,unit_ref,start_date,end_date,end_reason,destination\r\n${caseRef},${unitRef},${start},2026-02-27,Offered a flat,social_housing\r\n`,
    });
    expect(result.ok).toBe(true);
    if (result.counts) expect(result.counts.placements).toEqual({ added: 0, updated: 1, unchanged: 0 });
    const ep = await sql<{ end_date: string; destination: string }>`
      SELECT e.end_date, e.destination FROM episodes e JOIN households h ON h.id = e.household_id
      WHERE h.case_ref = ${caseRef} ORDER BY e.start_date DESC LIMIT 1`.execute(t.db);
    expect(ep.rows[0]).toEqual({ end_date: "2026-02-27", destination: "social_housing" });
  });

  it("makes a lead from households.csv alone, and completes it when members.csv comes later", async () => {
    const first = await runImport(t.db, { "households.csv": "case_ref,lead_name,duty\r\nLATE/1,Lena Late,s188\r\n" });
    expect(first.result.ok).toBe(true);
    const lead = () =>
      t.db
        .selectFrom("household_members as m")
        .innerJoin("households as h", "h.id", "m.household_id")
        .select(["m.name", "m.date_of_birth", "m.relationship"])
        .where("h.case_ref", "=", "LATE/1")
        .execute();
    expect(await lead()).toEqual([{ name: "Lena Late", date_of_birth: null, relationship: "lead" }]);
    const second = await runImport(t.db, {
      "members.csv": "case_ref,name,date_of_birth,relationship\r\nLATE/1,Lena Late,1990-05-05,lead\r\nLATE/1,Leo Late,2020-01-01,child\r\n",
    });
    expect(second.result.ok).toBe(true);
    if (second.result.counts) expect(second.result.counts.members).toEqual({ added: 1, updated: 1, unchanged: 0 });
    expect(await lead()).toEqual([
      { name: "Lena Late", date_of_birth: "1990-05-05", relationship: "lead" },
      { name: "Leo Late", date_of_birth: "2020-01-01", relationship: "child" },
    ]);
    // a different lead for a household that has one is refused by name
    const third = await runImport(t.db, {
      "members.csv": "case_ref,name,date_of_birth,relationship\r\nLATE/1,Lars Late,1991-01-01,lead\r\n",
    });
    expect(third.result.ok).toBe(false);
    expect(third.errors[0]).toMatchObject({
      file: "members.csv",
      row: 2,
      column: "relationship",
      message: expect.stringMatching(/already has a lead member in Waypoint, Lena Late/),
    });
  });

  it("imports a units file that repeats property names across providers and postcodes, with a warning on each unit that differs", async () => {
    const header =
      "unit_ref,provider_name,property_name,address_line_1,town,postcode,district_gss,ta_type,bedrooms,max_occupants,shared_kitchen,shared_bathroom,shared_toilet,step_free";
    const { result, problems, errors } = await runImport(t.db, {
      "providers.csv": "provider_name,provider_type\r\nClash Lets,agent\r\nOther Lets,landlord\r\n",
      "units.csv": [
        header,
        "CL-1,Clash Lets,Clash House,1 Clash Road,Leeds,LS1 1AA,E08000035,hostel,1,2,no,no,no,no",
        "CL-2,Clash Lets,Clash House,2 Clash Road,Leeds,LS2 2BB,E08000035,hostel,1,2,no,no,no,no",
        "CL-3,Clash Lets,clash house,3 Clash Road,Bradford,BD1 1AA,E08000032,hostel,1,2,no,no,no,no",
        "OL-1,Other Lets,Clash House,9 Far Road,York,YO1 1AA,E06000014,hostel,1,2,no,no,no,no",
      ].join("\r\n"),
    });
    expect(errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "units.csv",
        row: 3,
        column: "property_name",
        severity: "warning",
        message:
          "Property Clash House of this provider is on row 2 with a different town, postcode or district_gss. The unit is imported with its own; check they are right",
      }),
      expect.objectContaining({ file: "units.csv", row: 4, column: "property_name", severity: "warning" }),
    ]);
    // two properties called Clash House, one per provider; each unit keeps its own postcode and district
    const units = await sql<{ unit_ref: string; provider: string; property_id: number; postcode: string; district_gss: string }>`
      SELECT u.unit_ref, pr.name AS provider, u.property_id, coalesce(u.postcode, p.postcode) AS postcode, f.district_gss
      FROM units u JOIN properties p ON p.id = u.property_id JOIN providers pr ON pr.id = p.provider_id JOIN unit_facts f ON f.unit_id = u.id
      WHERE u.unit_ref IN ('CL-1', 'CL-2', 'CL-3', 'OL-1') ORDER BY u.unit_ref`.execute(t.db);
    expect(units.rows.map((u) => [u.unit_ref, u.provider, u.postcode, u.district_gss])).toEqual([
      ["CL-1", "Clash Lets", "LS1 1AA", "E08000035"],
      ["CL-2", "Clash Lets", "LS2 2BB", "E08000035"],
      ["CL-3", "Clash Lets", "BD1 1AA", "E08000032"],
      ["OL-1", "Other Lets", "YO1 1AA", "E06000014"],
    ]);
    expect(new Set(units.rows.slice(0, 3).map((u) => u.property_id)).size).toBe(1);
    expect(units.rows[3].property_id).not.toBe(units.rows[0].property_id);
    // and the units export gives each unit's own address back
    const exported = (await exportText(t.db, "units")).split("\r\n").filter((l) => /^(CL|OL)-/.test(l));
    expect(exported.map((l) => l.split(",").slice(0, 7).join(","))).toEqual([
      "CL-1,Clash Lets,Clash House,1 Clash Road,Leeds,LS1 1AA,E08000035",
      "CL-2,Clash Lets,Clash House,2 Clash Road,Leeds,LS2 2BB,E08000035",
      "CL-3,Clash Lets,Clash House,3 Clash Road,Bradford,BD1 1AA,E08000032",
      "OL-1,Other Lets,Clash House,9 Far Road,York,YO1 1AA,E06000014",
    ]);
    // the export imports back without a change; a block whose first flat moved changes that flat alone
    const unitsCsv = await exportText(t.db, "units");
    const again = await runImport(t.db, { "units.csv": unitsCsv });
    expect(again.result.counts?.units).toMatchObject({ added: 0, updated: 0 });
    const moved = await runImport(t.db, {
      "units.csv": unitsCsv.replace(
        "CL-1,Clash Lets,Clash House,1 Clash Road,Leeds,LS1 1AA",
        "CL-1,Clash Lets,Clash House,1 Clash Road,Leeds,LS9 9ZZ",
      ),
    });
    expect(moved.result.counts?.units).toMatchObject({ added: 0, updated: 1 });
    const postcodes = await sql<{ unit_ref: string; postcode: string }>`
      SELECT u.unit_ref, coalesce(u.postcode, p.postcode) AS postcode FROM units u JOIN properties p ON p.id = u.property_id
      WHERE u.unit_ref IN ('CL-1', 'CL-2') ORDER BY u.unit_ref`.execute(t.db);
    expect(postcodes.rows).toEqual([
      { unit_ref: "CL-1", postcode: "LS9 9ZZ" },
      { unit_ref: "CL-2", postcode: "LS2 2BB" },
    ]);
  });

  it("refuses bad files of every kind with a clear message and saves nothing", async () => {
    const before = await tableCounts(t.db);
    const cases: [string, string | Uint8Array, RegExp][] = [
      ["households.csv", "case_ref;lead_name;duty\r\nX/1;A B;s188\r\n", /semicolons/],
      ["households.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), /workbook or a zip/],
      [
        "households.csv",
        new Uint8Array([...Buffer.from("case_ref,lead_name,duty\r\nX/1,Ren\xe9e,s188\r\n", "latin1")]),
        /not saved as UTF-8/,
      ],
      ["households.csv", "case_ref,lead_name,duty,colour\r\nX/1,A B,s188,red\r\n", /no column called "colour"/],
      ["households.csv", "case_ref,lead_name\r\nX/1,A B\r\n", /missing the required columns: duty/],
      ["households.csv", `case_ref,lead_name,duty,support_needs\r\nX/1,A B,s188,"${"x".repeat(10 * 1024 * 1024)}"\r\n`, /support_needs/],
      [
        "placements.csv",
        "case_ref,unit_ref,start_date,end_date\r\nHL/000001,U-00001,2025-02-01,2025-01-01\r\n",
        /end_date must be after start_date/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const { result, problems } = await runImport(t.db, [{ name, content }]);
      expect(result.ok, name).toBe(false);
      expect(problems.map((p) => p.message).join("\n")).toMatch(message);
    }
    // a BOM, blank lines and a quoted comma are fine
    const ok = await runImport(
      t.db,
      [{ name: "households.csv", content: '\uFEFFcase_ref,lead_name,duty,support_needs\r\n\r\nBOM/1,"Hassan, Amina",s188,"a, b"\r\n\r\n' }],
      { dryRun: true },
    );
    expect(ok.result.ok).toBe(true);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});

// ---------------------------------------------------------------- the command line

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["app/cli/waypoint.mjs", ...args], { env: { ...process.env, ...env }, cwd: process.cwd() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe(`waypoint import and export on ${ENGINE}`, () => {
  let dir: string;
  let env: Record<string, string>;
  let cliDb: TestDatabase | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "waypoint-cli-"));
    if (ENGINE === "pg") {
      cliDb = await createTestDatabase(); // a database of its own for the command to write
      env = { DATABASE_URL: cliDb.url!, WAYPOINT_TODAY: TODAY };
    } else {
      env = { DATABASE_URL: "", WAYPOINT_DATA_DIR: path.join(dir, "pglite"), WAYPOINT_TODAY: TODAY };
    }
    const small = generateImportSet({ households: 40, seed: 3, today: TODAY });
    mkdirSync(path.join(dir, "good"));
    for (const [n, c] of Object.entries(small)) writeFileSync(path.join(dir, "good", n), c);
    mkdirSync(path.join(dir, "bad"));
    writeFileSync(path.join(dir, "bad", "households.csv"), "case_ref,lead_name,duty\r\nB/1,A B,s999\r\nB/1,C D,s188\r\n");
    writeFileSync(path.join(dir, "bad", "members.csv"), "case_ref,name,date_of_birth,relationship\r\nB/1,A B,31/02/1990,lead\r\n");
  }, 120_000);
  afterAll(async () => {
    await cliDb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports a folder, prints counts and rows a second, and exits 0; again changes nothing", async () => {
    const first = await run(["import", path.join(dir, "good")], env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/households\.csv: 40 added, 0 updated, 0 unchanged/);
    expect(first.stdout).toMatch(/rows a second/);
    const second = await run(["import", path.join(dir, "good")], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/households\.csv: 0 added, 0 updated, 40 unchanged/);
  }, 120_000);

  it("lists every problem with file, row and column, exits 1 and saves nothing", async () => {
    const r = await run(["import", path.join(dir, "bad")], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/households\.csv, row 2, column duty: /);
    expect(r.stderr).toMatch(/households\.csv, row 3, column case_ref: .*already used on row 2/);
    expect(r.stderr).toMatch(/members\.csv, row 2, column date_of_birth: .*not a real date/);
    expect(r.stderr).toMatch(/Nothing imported/);
    const out = await run(["export", "households"], env);
    expect(out.code).toBe(0);
    expect(out.stdout).not.toMatch(/B\/1/);
    expect(out.stdout.split("\r\n")[0]).toBe("case_ref,lead_name,duty,step_free_needed,support_needs,awaiting_since");
  }, 120_000);

  it("exports by name, lists the exports, and exits 2 on an unknown export or flag", async () => {
    const list = await run(["export"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/placements/);
    expect(list.stdout).toMatch(/history/);
    const unknown = await run(["export", "nonsense"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/There is no export called "nonsense"/);
    const flag = await run(["export", "placements", "--as-of", "2026-01-01"], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/does not take --as-of/);
    const file = path.join(dir, "placements.csv");
    const out = await run(["export", "placements", "--out", file], env);
    expect(out.code).toBe(0);
    const dry = await run(["import", file, "--dry-run"], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/placements\.csv: 0 added, 0 updated, \d+ unchanged/);
    expect(dry.stdout).toMatch(/Dry run: nothing saved/);
  }, 120_000);

  it("maintain folds the occupancy ledger without changing occupancy, and exits 0", async () => {
    if (cliDb) {
      // Two placements starting on the same day in the same type: two ledger rows for one day.
      const [u1, u2] = [await makeUnit(cliDb.db, { ta_type_code: "hostel" }), await makeUnit(cliDb.db, { ta_type_code: "hostel" })];
      for (const u of [u1, u2]) {
        const h = await makeHousehold(cliDb.db);
        expect(
          await placeHousehold(cliDb.db, null, { householdId: h.id, unitId: u.id, startDate: "2026-01-05", endDate: "2026-02-05" }),
        ).toEqual(expect.any(Number));
      }
    }
    const before = cliDb ? await occupancyTotals(cliDb.db, { from: "2020-01-01", to: TODAY, group: "ta_type" }) : null;
    const r = await run(["maintain"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const m = /Occupancy ledger folded: (\d+) rows to (\d+)\./.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    if (cliDb) expect(Number(m![2])).toBeLessThan(Number(m![1]));
    else expect(Number(m![2])).toBeLessThanOrEqual(Number(m![1]));
    if (cliDb) {
      const rows = await sql<{
        n: string;
        keys: string;
      }>`SELECT count(*) AS n, count(DISTINCT (ta_type_code, day)) AS keys FROM occupancy_changes`.execute(cliDb.db);
      expect(Number(rows.rows[0].n)).toBe(Number(m![2]));
      expect(rows.rows[0].n).toBe(rows.rows[0].keys); // one row per type and day
      expect(await occupancyTotals(cliDb.db, { from: "2020-01-01", to: TODAY, group: "ta_type" })).toEqual(before);
    }
  }, 60_000);
});
