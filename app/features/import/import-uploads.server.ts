/**
 * Uploads between the dry run and the confirmed import. The files are kept in
 * the database in 1 MB chunks under a random id that belongs to one user and
 * expires, never as a path a form could name. Checking and importing run as a
 * job in the server process that records its progress on the upload's row, so
 * a page that refreshes itself can show it without JavaScript.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { DB, ImportStatus } from "~/lib/db/schema";
import type { IsoDate } from "~/lib/dates";
import type { ImportFileSummary, ImportProblem } from "~/features/import/parse";
import { importFiles, type ImportCounts } from "~/features/import/import.server";

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const KEEP_HOURS = 24;
/** A running job marks its row at least this often, even inside one long statement... */
const HEARTBEAT_SECONDS = 15;
/** ...so a row that has not moved for a minute belongs to a job that died with its server. */
const STALE_MINUTES = 1;

export interface UploadResult {
  ok: boolean;
  files: ImportFileSummary[];
  /**
   * Kept for uploads checked before the problems had a table of their own;
   * now empty, and the problems are in import_upload_problems (problemCount of them).
   */
  problems: ImportProblem[];
  problemCount?: number;
  errors: number;
  warnings: number;
  rows: number;
  counts?: ImportCounts;
  message?: string;
}

export interface UploadView {
  id: string;
  status: ImportStatus;
  phase: string;
  bytesTotal: number;
  bytesDone: number;
  result: UploadResult | null;
  createdAt: Date;
  /** One page of the problems (PROBLEMS_PER_PAGE), in file, row and column order. */
  problems: ImportProblem[];
  problemTotal: number;
  page: number;
  pages: number;
}

export const PROBLEMS_PER_PAGE = 100;

export class UploadTooLarge extends Error {}

export async function removeExpiredUploads(db: Kysely<DB>): Promise<void> {
  await db
    .deleteFrom("import_uploads")
    .where("expires_at", "<", sql<Date>`now()`)
    .execute();
}

/** Creates an upload for the user; its files are then added with `addUploadFile`. */
export async function createUpload(db: Kysely<DB>, userId: number): Promise<string> {
  const id = randomBytes(16).toString("hex");
  await db
    .insertInto("import_uploads")
    .values({
      id,
      user_id: userId,
      status: "checking",
      phase: "Receiving the files",
      expires_at: sql<Date>`now() + make_interval(hours => ${KEEP_HOURS})` as never,
    })
    .execute();
  return id;
}

/**
 * Stores one file as it arrives, in 1 MB chunks; refuses the upload once all
 * its files pass MAX_UPLOAD_BYTES. Returns the bytes stored.
 */
export async function addUploadFile(
  db: Kysely<DB>,
  uploadId: string,
  fileNo: number,
  fileName: string,
  data: AsyncIterable<Uint8Array>,
  bytesBefore: number,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<number> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let total = 0;
  const flush = async () => {
    if (pendingBytes === 0 && seq > 0) return;
    await db
      .insertInto("import_upload_chunks")
      .values({ upload_id: uploadId, file_no: fileNo, file_name: fileName.slice(0, 200), seq: seq++, data: Buffer.concat(pending) })
      .execute();
    pending = [];
    pendingBytes = 0;
  };
  for await (const part of data) {
    total += part.byteLength;
    if (bytesBefore + total > maxBytes) throw new UploadTooLarge();
    pending.push(part);
    pendingBytes += part.byteLength;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  await db
    .updateTable("import_uploads")
    .set({ bytes_total: sql`bytes_total + ${total}` })
    .where("id", "=", uploadId)
    .execute();
  return total;
}

export async function deleteUpload(db: Kysely<DB>, uploadId: string): Promise<void> {
  await db.deleteFrom("import_uploads").where("id", "=", uploadId).execute();
}

/** The upload if it belongs to the user and has not expired, with one page of its problems (the first unless asked). */
export async function getUpload(
  db: Kysely<DB>,
  uploadId: string,
  userId: number,
  pageParam: string | null = null,
): Promise<UploadView | null> {
  if (!/^[a-f0-9]{32}$/.test(uploadId)) return null;
  const row = await db
    .selectFrom("import_uploads")
    .select([
      "id",
      "status",
      "phase",
      "bytes_total",
      "bytes_done",
      "result",
      "created_at",
      sql<boolean>`status IN ('checking','importing') AND updated_at < now() - make_interval(mins => ${STALE_MINUTES})`.as("stale"),
    ])
    .where("id", "=", uploadId)
    .where("user_id", "=", userId)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return null;
  const stale = row.stale;
  const result = stale
    ? {
        ok: false,
        files: [],
        problems: [],
        errors: 0,
        warnings: 0,
        rows: 0,
        message: "The work on these files stopped before it finished. Upload the files again.",
      }
    : (row.result as UploadResult | null);
  const total = result ? (result.problemCount ?? result.problems.length) : 0;
  const pages = Math.max(1, Math.ceil(total / PROBLEMS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(pageParam ?? "1", 10) || 1));
  let problems: ImportProblem[] = [];
  if (result?.problemCount !== undefined) {
    const rows = await db
      .selectFrom("import_upload_problems")
      .selectAll()
      .where("upload_id", "=", uploadId)
      .where("n", ">", (page - 1) * PROBLEMS_PER_PAGE)
      .where("n", "<=", page * PROBLEMS_PER_PAGE)
      .orderBy("n")
      .execute();
    problems = rows.map((p) => ({
      file: p.file,
      row: p.row,
      ...(p.column_name !== null && { column: p.column_name }),
      ...(p.value !== null && { value: p.value }),
      message: p.message,
      severity: p.severity,
    }));
  } else if (result) {
    problems = result.problems.slice((page - 1) * PROBLEMS_PER_PAGE, page * PROBLEMS_PER_PAGE);
  }
  return {
    id: row.id,
    status: stale ? "failed" : row.status,
    phase: row.phase,
    bytesTotal: row.bytes_total,
    bytesDone: row.bytes_done,
    result,
    createdAt: row.created_at,
    problems,
    problemTotal: total,
    page,
    pages,
  };
}

async function fileNames(db: Kysely<DB>, uploadId: string) {
  return db
    .selectFrom("import_upload_chunks")
    .select(["file_no", "file_name"])
    .where("upload_id", "=", uploadId)
    .where("seq", "=", 0)
    .orderBy("file_no")
    .execute();
}

/** Streams a stored file back a chunk at a time, counting what has been read. */
async function* readFile(db: Kysely<DB>, uploadId: string, fileNo: number, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const row = await db
      .selectFrom("import_upload_chunks")
      .select("data")
      .where("upload_id", "=", uploadId)
      .where("file_no", "=", fileNo)
      .where("seq", "=", seq)
      .executeTakeFirst();
    if (!row) return;
    onBytes(row.data.byteLength);
    yield row.data;
  }
}

/** Reports progress on the upload's row at most once a second. */
function progress(db: Kysely<DB>, uploadId: string) {
  let done = 0;
  let last = 0;
  let writing: Promise<unknown> = Promise.resolve();
  return {
    add(n: number) {
      done += n;
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      const d = done;
      writing = writing
        .then(() =>
          db
            .updateTable("import_uploads")
            .set({ bytes_done: d, updated_at: sql`now()` })
            .where("id", "=", uploadId)
            .execute(),
        )
        .catch(() => {});
    },
    async phase(phase: string) {
      await writing;
      await db
        .updateTable("import_uploads")
        .set({ phase, bytes_done: done, updated_at: sql`now()` })
        .where("id", "=", uploadId)
        .execute();
    },
  };
}

async function finish(db: Kysely<DB>, uploadId: string, status: ImportStatus, result: UploadResult) {
  await db
    .updateTable("import_uploads")
    .set({ status, phase: "", result: JSON.stringify(result), bytes_done: sql`bytes_total`, updated_at: sql`now()` })
    .where("id", "=", uploadId)
    .execute();
  if (status === "imported") await db.deleteFrom("import_upload_chunks").where("upload_id", "=", uploadId).execute();
}

/**
 * Reads, checks and (with `commit`) writes the stored files. Without commit it
 * is the dry run: the batch is written and rolled back, so the counts and any
 * refusal by the database are exactly what the import would give.
 */
async function runJob(db: Kysely<DB>, uploadId: string, opts: { userId: number; today: IsoDate; commit: boolean }): Promise<void> {
  const p = progress(db, uploadId);
  // On PostgreSQL the beat runs on another connection while the import's transaction
  // works; on PGlite (one connection) it waits its turn, as every page does meanwhile.
  const heartbeat = setInterval(() => {
    void db
      .updateTable("import_uploads")
      .set({ updated_at: sql`now()` })
      .where("id", "=", uploadId)
      .where("status", "in", ["checking", "importing"])
      .execute()
      .catch(() => {});
  }, HEARTBEAT_SECONDS * 1000);
  heartbeat.unref();
  try {
    await p.phase("Reading and checking every row");
    const names = await fileNames(db, uploadId);
    await db.deleteFrom("import_upload_problems").where("upload_id", "=", uploadId).execute();
    let n = 0;
    const result = await importFiles(
      db,
      names.map((f) => ({ name: f.file_name, content: readFile(db, uploadId, f.file_no, (bytes) => p.add(bytes)) })),
      {
        today: opts.today,
        userId: opts.userId,
        reference: uploadId,
        dryRun: !opts.commit,
        onWriting: () => p.phase(opts.commit ? "Saving to the database" : "Checking against the records already in Waypoint"),
        // every problem, a page at a time, numbered in the order the page lists them
        onProblems: async (page) => {
          const rows = page.map((x) => ({
            n: ++n,
            file: x.file,
            row: x.row,
            column_name: x.column ?? null,
            value: x.value ?? null,
            message: x.message,
            severity: x.severity,
          }));
          await sql`
          INSERT INTO import_upload_problems (upload_id, n, file, row, column_name, value, message, severity)
          SELECT ${uploadId}, * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS t(n integer, file text, row integer, column_name text, value text, message text, severity text)`.execute(db);
        },
      },
    );
    const base = {
      files: result.files,
      errors: result.errors,
      warnings: result.warnings,
      rows: result.rows,
      problems: [],
      problemCount: n,
    };
    if (!result.ok || !result.counts) {
      await finish(db, uploadId, "checked", { ok: false, ...base });
      return;
    }
    await finish(db, uploadId, opts.commit ? "imported" : "checked", { ok: true, counts: result.counts, ...base });
  } catch (e) {
    console.error(`import ${uploadId} failed:`, e);
    await finish(db, uploadId, "failed", {
      ok: false,
      files: [],
      problems: [],
      errors: 0,
      warnings: 0,
      rows: 0,
      message:
        "Something went wrong while working on the files, and nothing was imported. Try again, or ask your administrator to look at the server's log.",
    }).catch(() => {});
  } finally {
    clearInterval(heartbeat);
  }
}

/** Starts the dry run in the background; the upload's page shows its progress. */
export function startCheck(db: Kysely<DB>, uploadId: string, userId: number, today: IsoDate): Promise<void> {
  return runJob(db, uploadId, { userId, today, commit: false });
}

/**
 * Starts the confirmed import, once: only an upload that passed its dry run,
 * claimed atomically so a double click cannot import twice.
 */
export async function startImport(
  db: Kysely<DB>,
  uploadId: string,
  userId: number,
  today: IsoDate,
): Promise<{ job: Promise<void> } | null> {
  const claimed = await db
    .updateTable("import_uploads")
    .set({ status: "importing", phase: "Starting", bytes_done: 0, updated_at: sql`now()` })
    .where("id", "=", uploadId)
    .where("user_id", "=", userId)
    .where("status", "=", "checked")
    .where(sql<boolean>`(result->>'ok')::boolean`)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning("id")
    .executeTakeFirst();
  if (!claimed) return null;
  // Wrapped: an async function that returned the job's promise itself would make the
  // caller wait for the whole import (a promise resolving to a promise is flattened).
  return { job: runJob(db, uploadId, { userId, today, commit: true }) };
}
