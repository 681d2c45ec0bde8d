import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { createTestDatabase, ENGINE, type TestDatabase } from "../../support/harness";
import { receiveUpload, MESSAGES } from "~/features/import/import-form.server";
import { getUpload, startImport } from "~/features/import/import-uploads.server";
import { importPageView } from "~/features/import/import-view.server";
import { generateImportSet } from "../../support/import-set";

const TODAY = "2026-03-01";
let t: TestDatabase;
let alice: number;
let bob: number;
beforeAll(async () => {
  t = await createTestDatabase();
  const users = await t.db
    .insertInto("users")
    .values([
      { email: "alice@example.test", name: "Alice", role: "administrator", password_hash: "x" },
      { email: "bob@example.test", name: "Bob", role: "manager", password_hash: "x" },
    ])
    .returning("id")
    .execute();
  [alice, bob] = users.map((u) => u.id);
});
afterAll(async () => {
  await t?.close();
});

function multipart(files: Record<string, string>): Request {
  const form = new FormData();
  for (const [name, content] of Object.entries(files)) form.append("files", new File([content], name, { type: "text/csv" }));
  return new Request("http://localhost/import", { method: "POST", body: form });
}

async function upload(files: Record<string, string>, userId = alice, maxBytes?: number) {
  let job: Promise<void> | undefined;
  const r = await receiveUpload(t.db, multipart(files), userId, TODAY, unstable_parseMultipartFormData as never, {
    maxBytes,
    onJob: (j) => (job = j),
  });
  await job;
  return r;
}

const uploads = async () => (await sql<{ n: number }>`SELECT count(*) AS n FROM import_uploads`.execute(t.db)).rows[0].n;

describe(`uploads between the dry run and the import on ${ENGINE}`, () => {
  const SET = generateImportSet({ households: 30, seed: 9, today: TODAY });

  it("keeps the files for their owner, checks them, then imports once on confirmation", async () => {
    const r = await upload(SET);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const checked = await getUpload(t.db, r.id, alice);
    expect(checked?.status).toBe("checked");
    const view = importPageView(checked!);
    expect(view.state).toBe("checked_ok");
    expect(view.counts?.find((c) => c.file === "households.csv")).toMatchObject({ rows: 30, added: 30 });
    expect(await t.db.selectFrom("households").select("id").execute()).toHaveLength(0); // the dry run saved nothing

    expect(await getUpload(t.db, r.id, bob)).toBeNull(); // someone else's upload is not found
    expect(await startImport(t.db, r.id, bob, TODAY)).toBeNull();

    const started = await startImport(t.db, r.id, alice, TODAY);
    // It answers with the running job, not after it (the page then shows its progress).
    expect(started).toEqual({ job: expect.any(Promise) });
    expect(await startImport(t.db, r.id, alice, TODAY)).toBeNull(); // a second click does nothing
    await started!.job;
    const done = await getUpload(t.db, r.id, alice);
    expect(done?.status).toBe("imported");
    expect(await t.db.selectFrom("households").select("id").execute()).toHaveLength(30);
    // Each household it added has an audit row naming the import.
    const audited = await t.db
      .selectFrom("audit_events")
      .select(["entity", "entity_id", "household_id", "after"])
      .where("action", "=", "import")
      .where("entity", "=", "household")
      .execute();
    expect(audited).toHaveLength(30);
    expect(audited.every((a) => a.household_id === Number(a.entity_id))).toBe(true);
    expect(audited[0].after).toEqual({ import: r.id, change: "added" });
    const chunks = await sql<{ n: number }>`SELECT count(*) AS n FROM import_upload_chunks WHERE upload_id = ${r.id}`.execute(t.db);
    expect(chunks.rows[0].n).toBe(0); // the files are not kept once imported
  });

  it("shows an import whose server died as failed after a minute without a beat, not before", async () => {
    const r = await upload(SET);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const at = (secondsAgo: number) =>
      t.db
        .updateTable("import_uploads")
        .set({ status: "importing", updated_at: sql`now() - make_interval(secs => ${secondsAgo})` })
        .where("id", "=", r.id)
        .execute();
    await at(30);
    expect((await getUpload(t.db, r.id, alice))?.status).toBe("importing");
    await at(70);
    const dead = await getUpload(t.db, r.id, alice);
    expect(dead?.status).toBe("failed");
    expect(importPageView(dead!).state).toBe("failed");
  });

  it("shows every problem of a broken upload, paged, and will not import it", async () => {
    const lines = ["case_ref,lead_name,duty"];
    for (let i = 0; i < 250; i++) lines.push(`BAD/${i},Person ${i},s999`);
    const r = await upload({ "households.csv": lines.join("\r\n") });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const u = await getUpload(t.db, r.id, alice);
    const first = importPageView(u!);
    expect(first.state).toBe("checked_problems");
    expect(first.total).toBe(250);
    expect(first.pages).toBe(3);
    expect(first.problems[0]).toMatchObject({ file: "households.csv", row: 2, column: "duty", value: "s999" });
    const last = importPageView((await getUpload(t.db, r.id, alice, "3"))!);
    expect(last.problems).toHaveLength(50);
    expect(last.problems.at(-1)).toMatchObject({ row: 251 });
    expect(importPageView((await getUpload(t.db, r.id, alice, "-4"))!).page).toBe(1);
    expect(await startImport(t.db, r.id, alice, TODAY)).toBeNull();
  });

  it("refuses an upload that is too large, or has no files, and keeps nothing", async () => {
    const before = await uploads();
    const big = await upload({ "placements.csv": "x".repeat(5000) }, alice, 4096);
    expect(big).toEqual({ ok: false, error: MESSAGES.tooLarge });
    const none = await receiveUpload(
      t.db,
      new Request("http://localhost/import", { method: "POST", body: new FormData() }),
      alice,
      TODAY,
      unstable_parseMultipartFormData as never,
    );
    expect(none).toEqual({ ok: false, error: MESSAGES.none });
    expect(await uploads()).toBe(before);
  });

  it("ignores an id that is not one of ours, and forgets expired uploads", async () => {
    expect(await getUpload(t.db, "../../etc/passwd", alice)).toBeNull();
    const r = await upload({ "providers.csv": "provider_name,provider_type\r\nA,hotel\r\n" });
    if (!r.ok) throw new Error(r.error);
    await t.db
      .updateTable("import_uploads")
      .set({ expires_at: sql`now() - interval '1 minute'` as never })
      .where("id", "=", r.id)
      .execute();
    expect(await getUpload(t.db, r.id, alice)).toBeNull();
    await upload({ "providers.csv": "provider_name,provider_type\r\nB,hotel\r\n" }); // a new upload clears expired ones
    expect(await t.db.selectFrom("import_uploads").select("id").where("id", "=", r.id).execute()).toEqual([]);
  });
});
