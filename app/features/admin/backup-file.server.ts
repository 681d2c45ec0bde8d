/**
 * The file `waypoint backup` writes: a plain tar archive (ADR 0045) of two entries, a
 * manifest first (`waypoint-backup.json`: the schema the data is at, the engine, the
 * payload's size and SHA-256) and then the payload (a pg_dump custom-format archive, or
 * PGlite's dumped data folder). `tar -xf` opens it with no Waypoint at hand. Written here
 * rather than with a dependency: only what Waypoint writes is ever read back.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { once } from "node:events";
import type { Writable } from "node:stream";

const BLOCK = 512;

function octal(buf: Buffer, offset: number, length: number, value: number) {
  buf.write(value.toString(8).padStart(length - 1, "0") + "\0", offset, length, "ascii");
}

/** A ustar header; sizes of 8 GiB and more in the base-256 form GNU tar and bsdtar read. */
function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, "utf8");
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (size < 8 ** 11) octal(h, 124, 12, size);
  else {
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--, v >>= 8n) h[i] = Number(v & 0xffn);
  }
  octal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.write("        ", 148, 8, "ascii");
  h.write("0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return h;
}

function parseHeader(h: Buffer): { name: string; size: number } | null {
  if (h.length < BLOCK || h.toString("ascii", 257, 262) !== "ustar") return null;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  const stored = parseInt(h.toString("ascii", 148, 156).replace(/[\0 ]/g, ""), 8);
  if (stored !== sum) return null;
  const name = h.toString("utf8", 0, 100).replace(/\0.*$/s, "");
  let size: number;
  if (h[124] & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]);
    size = Number(v);
  } else size = parseInt(h.toString("ascii", 124, 136).replace(/[\0 ]/g, "") || "0", 8);
  return Number.isSafeInteger(size) ? { name, size } : null;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

async function write(out: Writable, chunk: Buffer) {
  if (!out.write(chunk)) await once(out, "drain");
}

/** A file's SHA-256 and size, streamed. */
export async function fileDigest(path: string, start = 0, end?: number): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path, { start, ...(end !== undefined && { end: end - 1 }) })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Writes the archive: the manifest, then the payload (a file streamed in, or bytes held). */
export async function writeArchive(
  file: string,
  manifest: { name: string; body: Buffer },
  payload: { name: string; path?: string; bytes?: Buffer },
) {
  const out = createWriteStream(file, { flags: "wx" });
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  const now = new Date();
  const work = (async () => {
    await write(out, header(manifest.name, manifest.body.length, now));
    await write(out, manifest.body);
    await write(out, Buffer.alloc(padding(manifest.body.length)));
    const size = payload.bytes ? payload.bytes.length : (await stat(payload.path!)).size;
    await write(out, header(payload.name, size, now));
    if (payload.bytes) await write(out, payload.bytes);
    else for await (const chunk of createReadStream(payload.path!)) await write(out, chunk as Buffer);
    await write(out, Buffer.alloc(padding(size) + 2 * BLOCK));
    out.end();
    await once(out, "finish");
  })();
  await Promise.race([work, failed]);
}

export interface ArchiveEntry {
  name: string;
  /** Where the entry's bytes start in the file, and how many there are. */
  offset: number;
  size: number;
}

/**
 * The archive's first two entries (the manifest's text read in), or null when the file is
 * not an archive of this shape. `truncated` when the payload runs past the file's end.
 */
export async function readArchive(
  file: string,
  maxManifestBytes = 1 << 20,
): Promise<{ manifest: { name: string; text: string }; payload: ArchiveEntry | null; truncated: boolean } | null> {
  const fh = await open(file, "r");
  try {
    const { size: fileSize } = await fh.stat();
    const block = Buffer.alloc(BLOCK);
    const readAt = async (pos: number, buf: Buffer) => (await fh.read(buf, 0, buf.length, pos)).bytesRead;
    if ((await readAt(0, block)) < BLOCK) return null;
    const first = parseHeader(block);
    if (!first || first.size > maxManifestBytes) return null;
    const body = Buffer.alloc(first.size);
    if ((await readAt(BLOCK, body)) < first.size) return null;
    const next = BLOCK + first.size + padding(first.size);
    const manifest = { name: first.name, text: body.toString("utf8") };
    if ((await readAt(next, block)) < BLOCK) return { manifest, payload: null, truncated: true };
    const second = parseHeader(block);
    if (!second) return { manifest, payload: null, truncated: false };
    const payload = { name: second.name, offset: next + BLOCK, size: second.size };
    return { manifest, payload, truncated: payload.offset + payload.size > fileSize };
  } finally {
    await fh.close();
  }
}

/** An entry's bytes, read into memory. */
export async function readEntry(file: string, entry: ArchiveEntry): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(entry.size);
    let done = 0;
    while (done < entry.size) {
      const { bytesRead } = await fh.read(buf, done, entry.size - done, entry.offset + done);
      if (bytesRead === 0) throw new Error("The backup file ended early");
      done += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}

/** An entry copied out to a file of its own (pg_restore reads a file). */
export async function extractEntry(file: string, entry: ArchiveEntry, to: string): Promise<void> {
  const out = createWriteStream(to, { flags: "wx" });
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  const work = (async () => {
    if (entry.size > 0)
      for await (const chunk of createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1 }))
        await write(out, chunk as Buffer);
    out.end();
    await once(out, "finish");
  })();
  await Promise.race([work, failed]);
}
