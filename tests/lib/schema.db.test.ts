/**
 * The database as the code sees it: the hand-written Kysely types (app/lib/db/schema.ts)
 * match the migrated schema, and the definitions (db/definitions) are applied when, and
 * only when, their text changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ts from "typescript";
import { sql } from "kysely";
import { createTestDatabase, ENGINE, type TestDatabase } from "../support/harness";
import { applyDefinitions, sqlStatements } from "~/lib/db/connect";
import { definitions } from "../../db/definitions/index";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** Each table of the DB interface: its columns, and whether each may be null. */
function declaredSchema(): Map<string, Map<string, boolean>> {
  const file = "app/lib/db/schema.ts";
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const db = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "DB")!;
  const out = new Map<string, Map<string, boolean>>();
  for (const member of db.members) {
    const table = (member.name as ts.Identifier).text;
    const type = checker.getTypeAtLocation(member);
    const columns = new Map<string, boolean>();
    for (const p of type.getProperties()) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const text =
        decl && ts.isPropertySignature(decl) && decl.type
          ? decl.type.getText(source.fileName === decl.getSourceFile().fileName ? source : decl.getSourceFile())
          : "";
      columns.set(p.name, /\bnull\b/.test(text));
    }
    out.set(table, columns);
  }
  return out;
}

describe(`the schema on ${ENGINE}`, () => {
  it("has the hand-written types' tables and columns, each nullable exactly where the type allows null", async () => {
    const declared = declaredSchema();
    const r = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      SELECT table_name, column_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ANY(${[...declared.keys()]}::text[])`.execute(t.db);
    const actual = new Map<string, Map<string, boolean>>();
    for (const c of r.rows) {
      if (!actual.has(c.table_name)) actual.set(c.table_name, new Map());
      actual.get(c.table_name)!.set(c.column_name, c.is_nullable === "YES");
    }
    const describe = (m: Map<string, Map<string, boolean>>, views: Set<string>) =>
      [...m.entries()]
        .flatMap(([table, cols]) =>
          [...cols.entries()].map(
            ([c, nullable]) =>
              // A view's columns are always reported nullable: compare their names only.
              `${table}.${c}${views.has(table) ? "" : nullable ? " null" : ""}`,
          ),
        )
        .sort();
    const views = new Set(
      (
        await sql<{ table_name: string }>`SELECT table_name FROM information_schema.views WHERE table_schema = 'public'`.execute(t.db)
      ).rows.map((v) => v.table_name),
    );
    expect(describe(declared, views)).toEqual(describe(actual, views));
  });
});

describe(`the definitions on ${ENGINE}`, () => {
  it("are all recorded as applied after migrating, and applying again changes nothing", async () => {
    const rows = await t.db.selectFrom("schema_definitions").select("name").orderBy("name").execute();
    expect(rows.map((r) => r.name)).toEqual(definitions.map((d) => d.name).sort());
    expect(await applyDefinitions(t.db)).toEqual([]);
  });

  it("are applied again when one's text differs from what the database recorded, and its refresh runs", async () => {
    await t.db.updateTable("schema_definitions").set({ hash: "an older text" }).where("name", "=", "episode-facts").execute();
    expect(await applyDefinitions(t.db)).toEqual(["definition episode-facts"]);
    expect(await applyDefinitions(t.db)).toEqual([]);
  });

  it("splits SQL text at top-level semicolons only", () => {
    expect(
      sqlStatements(`
      -- a comment; with a semicolon
      CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'a;b' $$;
      CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN PERFORM 1; END $body$;
      SELECT 'it''s; fine';
      -- only a comment at the end;
    `),
    ).toEqual([
      "-- a comment; with a semicolon\n      CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'a;b' $$",
      "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN PERFORM 1; END $body$",
      "SELECT 'it''s; fine'",
    ]);
  });
});
