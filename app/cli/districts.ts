/**
 * `waypoint districts import <file.csv>`: loads the register of districts from the ONS list of
 * local authority district names and codes, as the upload on /admin/districts does (ADR 0056).
 * Published interface: only add.
 *
 * Exit codes: 0 loaded; 1 the file was refused (every problem listed, nothing saved) or the
 * database failed; 2 the command was used wrongly (no file, a file that does not exist).
 */
import { parseArgs } from "node:util";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Database } from "~/lib/db/connect";
import {
  MAX_DISTRICT_FILE_BYTES,
  describeLoad,
  describeRefusal,
  loadDistricts,
  parseDistrictFile,
} from "~/features/admin/districts-file.server";

interface Context {
  open(): Promise<Database>;
  usage: string;
}

export async function districtsCommand(args: string[], ctx: Context): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [sub, file, ...more] = positionals;
  if (sub !== "import" || !file || more.length) {
    console.error(`Use: waypoint districts import <file.csv>\n\n${ctx.usage}`);
    return 2;
  }
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch {
    console.error(`No such file: ${file}`);
    return 2;
  }
  const name = path.basename(file);
  if (size > MAX_DISTRICT_FILE_BYTES) {
    console.error(`Error: ${name}: the file must be smaller than 90 KB. Nothing was saved.`);
    return 1;
  }
  const parsed = parseDistrictFile(new Uint8Array(readFileSync(file)));
  if (!parsed.ok) {
    for (const p of parsed.problems) console.error(`Error: ${name}, ${p.row === null ? "whole file" : `row ${p.row}`}: ${p.message}`);
    console.error(`${describeRefusal(parsed.problems)}.`);
    return 1;
  }
  const database = await ctx.open();
  try {
    const counts = await loadDistricts(database.db, null, parsed, name);
    console.log(`Districts loaded from ${name}: ${describeLoad(counts)}.`);
    if (counts.notInFile)
      console.log(
        `${counts.notInFile} ${counts.notInFile === 1 ? "district is" : "districts are"} in the register but not in the file: kept.`,
      );
    return 0;
  } finally {
    await database.close();
  }
}
