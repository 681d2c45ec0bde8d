/** The upload form's server side: receives the multipart files as they stream in and starts the dry run. */
import type { Kysely } from "kysely";
import type { DB } from "~/lib/db/schema";
import type { IsoDate } from "~/lib/dates";
import { IMPORT_FILE_KINDS } from "~/features/import/template";
import {
  addUploadFile,
  createUpload,
  deleteUpload,
  MAX_UPLOAD_BYTES,
  removeExpiredUploads,
  startCheck,
  UploadTooLarge,
} from "~/features/import/import-uploads.server";

type UploadHandler = (part: {
  name: string;
  filename?: string;
  contentType: string;
  data: AsyncIterable<Uint8Array>;
}) => Promise<string | File | null | undefined>;
type ParseMultipart = (request: Request, handler: UploadHandler) => Promise<FormData>;

export const MESSAGES = {
  none: "Select one or more CSV files to upload",
  tooLarge: `The files must be smaller than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB in total. Import them in smaller sets, for example placements.csv on its own`,
  tooMany: `Upload at most ${IMPORT_FILE_KINDS.length} files at once, one of each kind`,
  notMultipart: "Select one or more CSV files to upload",
  unreadable: "The upload could not be read. Select the files and upload them again",
};

export async function receiveUpload(
  db: Kysely<DB>,
  request: Request,
  userId: number,
  today: IsoDate,
  parseMultipart: ParseMultipart,
  opts: { maxBytes?: number; onJob?: (job: Promise<void>) => void } = {},
): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return { ok: false, error: MESSAGES.notMultipart };
  await removeExpiredUploads(db);
  const id = await createUpload(db, userId);
  let files = 0;
  let bytes = 0;
  try {
    await parseMultipart(request, async ({ name, filename, data }) => {
      if (name !== "files" || !filename) {
        for await (const _ of data) void _; // drain what is not a file
        return undefined;
      }
      if (files >= IMPORT_FILE_KINDS.length) throw new TooMany();
      // an empty file is kept: the check says it is empty, by name
      bytes += await addUploadFile(db, id, files++, filename, data, bytes, opts.maxBytes);
      return filename;
    });
  } catch (e) {
    await deleteUpload(db, id);
    if (e instanceof UploadTooLarge) return { ok: false, error: MESSAGES.tooLarge };
    if (e instanceof TooMany) return { ok: false, error: MESSAGES.tooMany };
    // The database's errors (and the network's) carry a code; the parser's plain errors
    // mean a malformed body, which is the sender's to fix, not a 500.
    if (typeof (e as { code?: unknown } | null)?.code === "string") throw e;
    return { ok: false, error: MESSAGES.unreadable };
  }
  if (files === 0) {
    await deleteUpload(db, id);
    return { ok: false, error: MESSAGES.none };
  }
  const job = startCheck(db, id, userId, today);
  opts.onJob?.(job);
  return { ok: true, id };
}

class TooMany extends Error {}
