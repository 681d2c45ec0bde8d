/**
 * Reading the import template's CSV files: the file-level half of the import.
 *
 * `streamImportFile` reads one file as it streams in (flat memory: it keeps nothing,
 * not even the text), checks the bytes are a UTF-8 CSV, the header against the
 * template, each row's cells and the checks inside one row, and hands each row to a
 * sink. The checks across rows and files (duplicates, references, overlapping
 * placements) are made in SQL over the staged rows: app/features/import/import-stage.server.ts,
 * their one home. (tests/support/reference-import.ts states them in memory, as the
 * reference the SQL is tested against.)
 *
 * Every problem is reported, not only the first, each with the file, the row a
 * spreadsheet user sees (the header is row 1, a blank line is a row, a cell
 * holding a line break is not), and the column.
 */
import { withoutFormulaGuard } from "~/lib/csv.server";
import { isUtf8 } from "node:buffer";
import { parse as csvParse, type CsvError, type Parser } from "csv-parse";
import { formatDate, londonDate, type IsoDate } from "~/lib/dates";
import {
  DEFAULT_TA_TYPES,
  IMPORT_FILE_KINDS,
  IMPORT_TEMPLATE,
  fileKindFromName,
  type ImportFileKind,
  type TemplateColumn,
} from "./template";
import {
  parseCode,
  parseDate,
  parseEmail,
  parseGssCode,
  parseInteger,
  parseMoney,
  parsePhone,
  parsePostcode,
  parseReference,
  parseText,
  parseYesNo,
  type ParseResult,
} from "./values";

// ---------------------------------------------------------------- types

/** A file's content: text, bytes, or a stream of either (an upload as it arrives). */
export type ImportContent = string | Uint8Array | AsyncIterable<string | Uint8Array>;

export type ProblemSeverity = "error" | "warning";

export interface ImportProblem {
  /** The file name as given. */
  file: string;
  /** The spreadsheet row (header = 1); null for a problem with the whole file. */
  row: number | null;
  column?: string;
  /** The cell as written (trimmed; cut to 100 characters). */
  value?: string;
  message: string;
  /** Errors stop the import; warnings are shown and do not. */
  severity: ProblemSeverity;
}

/** Each record carries the row it came from, so later refusals can point at it. */
export interface ParseOptions {
  /** The council's TA type codes (default: DEFAULT_TA_TYPES). */
  taTypes?: readonly string[];
  /** Today in Europe/London (default: the clock); dates of birth may not be after it. */
  today?: IsoDate;
  /** Problems kept per file (default 1,000); the rest are counted in problemsOmitted. */
  maxProblemsPerFile?: number;
}

export interface ImportFileSummary {
  file: string;
  kind: ImportFileKind | null;
  rowsRead: number;
  /** Rows that became records. */
  records: number;
  errors: number;
  warnings: number;
  problemsOmitted: number;
}

// ---------------------------------------------------------------- messages

const FILE_NAMES = IMPORT_FILE_KINDS.map((k) => IMPORT_TEMPLATE[k].fileName);
const SAVE_AS = "In Excel, choose Save As and then CSV UTF-8 (Comma delimited) (*.csv)";

/** Longest row read, in bytes: far above any real row, low enough to guard memory. */
export const MAX_ROW_BYTES = 16 * 1024 * 1024;

/** Every file-level, header, row and cross-file message. Cell messages are in VALUE_MESSAGES. */
export const IMPORT_MESSAGES = {
  unknownFile: (name: string) => `"${name}" is not a file in the import template. Name each file as one of: ${FILE_NAMES.join(", ")}`,
  duplicateFile: (fileName: string, other: string) =>
    `Only one ${fileName} can be imported at a time, and "${other}" is also in this import`,
  empty: (fileName: string, header: string) => `The file is empty. ${fileName} must start with a header row naming its columns: ${header}`,
  zip: () => `The file is an Excel workbook or a zip file, not a CSV file. ${SAVE_AS}`,
  xls: () => `The file is an Excel 97-2003 workbook, not a CSV file. ${SAVE_AS}`,
  pdf: () => `The file is a PDF, not a CSV file. Upload the data saved as CSV UTF-8 (Comma delimited) (*.csv)`,
  binary: () =>
    `The file is not a CSV file: it holds binary data (NUL bytes). Upload the data saved as CSV UTF-8 (Comma delimited) (*.csv)`,
  utf16: () => `The file is saved as UTF-16 (Unicode Text), not UTF-8. ${SAVE_AS}`,
  notUtf8: () =>
    `The file is not saved as UTF-8: this row has a character that cannot be read (a file saved as CSV (Comma delimited) stores £ and accented letters differently). ${SAVE_AS}`,
  semicolons: () =>
    `The columns are separated by semicolons (;), not commas. Save the file as CSV UTF-8 (Comma delimited) (*.csv), which uses commas`,
  tabs: () => `The columns are separated by tabs, not commas. Save the file as CSV UTF-8 (Comma delimited) (*.csv), which uses commas`,
  notHeader: (header: string) => `The first row must be the header row, naming the columns: ${header}`,
  missingColumns: (names: readonly string[]) => `The header row is missing the required columns: ${names.join(", ")}`,
  unknownColumn: (name: string, fileName: string, suggestion: string | null) =>
    suggestion
      ? `${fileName} has no column called "${name}". Rename it to ${suggestion}`
      : `${fileName} has no column called "${name}". Remove it, or check its name against the template`,
  duplicateColumn: (name: string, letters: readonly string[]) =>
    `The column ${name} appears more than once in the header row (columns ${letters.join(" and ")}). Keep one of them`,
  unnamedColumnValue: (letter: string) =>
    `Column ${letter} has a value but no name in the header row. Name the column from the template, or delete it`,
  tooManyCells: (cells: number, header: number) =>
    `This row has ${cells} cells, but the header row has ${header}. Check for a comma in a cell that is not inside quote marks`,
  tooFewCells: (cells: number, header: number) =>
    `This row has ${cells} ${cells === 1 ? "cell" : "cells"}, but the header row has ${header}`,
  quoteNotClosed: () =>
    `A quote mark (") opened in this row is never closed, so the rest of the file could not be read. Check the row's quote marks`,
  quoteMisplaced: () =>
    `This row has a quote mark (") in the wrong place, so the rest of the file could not be read. Put quote marks around a whole cell, and write a quote mark inside a cell as two ("")`,
  rowTooBig: () =>
    `This row is more than 16 MB, so the rest of the file could not be read. Check it for a quote mark (") that is never closed`,
  unreadableRow: (detail: string) => `This row could not be read as CSV (${detail}), so the rest of the file could not be read`,
  duplicateKey: (column: string, value: string, firstRow: number) => `${column} ${value} is already used on row ${firstRow}`,
  duplicateRate: (unitRef: string, from: IsoDate, firstRow: number) =>
    `Unit ${unitRef} already has a rate from ${formatDate(from)} on row ${firstRow}`,
  duplicateMember: (firstRow: number) => `This person is already on row ${firstRow} (same case_ref, name and date_of_birth)`,
  secondLead: (caseRef: string, firstRow: number) =>
    `Household ${caseRef} already has a lead member on row ${firstRow}. Each household has exactly one lead`,
  noLead: (caseRef: string) => `Household ${caseRef} has no member with relationship lead in members.csv`,
  dateOfBirthFuture: () => `date_of_birth must be today or in the past`,
  pregnantSinceFuture: () => `pregnant_since must be today or in the past`,
  pregnantSinceNotPregnant: () => `Leave pregnant_since blank, or set pregnant to yes: it is the day a pregnancy became known`,
  retiredNotAfterInUse: () => `retired_on must be after in_use_from`,
  endNotAfterStart: () => `end_date must be after start_date`,
  blankWithoutEnd: (column: string) => `${column} must be blank when end_date is blank`,
  unknownReference: (column: string, value: string, thing: string, fileName: string) =>
    `${column} ${value} does not match a ${thing} in ${fileName} or one already imported`,
  unitOverlap: (otherRow: number, unitRef: string, night: IsoDate) =>
    `This placement overlaps the placement on row ${otherRow} in unit ${unitRef}: both include the night of ${formatDate(night)}`,
  householdOverlap: (otherRow: number, caseRef: string, night: IsoDate) =>
    `This placement overlaps the placement on row ${otherRow} for household ${caseRef}: both include the night of ${formatDate(night)}. A household moving unit leaves one on the day it arrives at the next`,
  bothRates: () => `Give nightly_rate or weekly_rate, not both`,
  noRate: () => `Enter nightly_rate or weekly_rate`,
  outOfServiceOverlap: (otherRow: number, unitRef: string, night: IsoDate) =>
    `This period overlaps the period on row ${otherRow} in unit ${unitRef}: both include the night of ${formatDate(night)}`,
  outOfServicePlacement: (placementRow: number, unitRef: string, night: IsoDate) =>
    `Unit ${unitRef} is out of service in this period, but the placement on row ${placementRow} of placements.csv includes the night of ${formatDate(night)}`,
  duplicateInspection: (unitRef: string, on: IsoDate, firstRow: number) =>
    `Unit ${unitRef} already has an inspection on ${formatDate(on)} on row ${firstRow}`,
  duplicateCertificate: (unitRef: string, certificate: string, issued: IsoDate, firstRow: number) =>
    `Unit ${unitRef} already has a ${certificate} certificate issued on ${formatDate(issued)} on row ${firstRow}`,
  notFuture: (column: string) => `${column} must be today or in the past`,
  notAfter: (column: string, other: string) => `${column} must be after ${other}`,
  notBefore: (column: string, other: string) => `${column} must be on or after ${other}`,
  worksDueMissing: () => `Enter works_due, the day the works are due, or leave works blank`,
  worksMissing: () => `Enter works: works_due and works_completed are about the works`,
  destinationOnTransfer: (nextRow: number) =>
    `destination must be blank because the household moved to another unit: the placement on row ${nextRow} starts on the end date`,
  noDestination: () =>
    `destination is blank, and the household did not move to another unit in placements.csv. Enter where the household went when it left temporary accommodation`,
} as const;

const MSG = IMPORT_MESSAGES;

// ---------------------------------------------------------------- problems

const MAX_VALUE_SHOWN = 100;
export const DEFAULT_MAX_PROBLEMS = 1_000;

function shown(value: string): string {
  return value.length > MAX_VALUE_SHOWN ? `${value.slice(0, MAX_VALUE_SHOWN)}…` : value;
}

interface ProblemDetail {
  column?: string;
  value?: string;
  severity?: ProblemSeverity;
}

export class Problems {
  list: ImportProblem[] = [];
  errors = 0;
  warnings = 0;
  omitted = 0;
  constructor(
    readonly file: string,
    readonly cap: number,
    /** When given, every problem goes here (none kept, no cap). */
    readonly sink?: (p: ImportProblem) => void,
  ) {}

  add(row: number | null, message: string, { column, value, severity = "error" }: ProblemDetail = {}): void {
    if (severity === "error") this.errors++;
    else this.warnings++;
    if (!this.sink && this.list.length >= this.cap) {
      this.omitted++;
      return;
    }
    const p: ImportProblem = {
      file: this.file,
      row,
      ...(column !== undefined && { column }),
      ...(value !== undefined && { value: shown(value) }),
      message,
      severity,
    };
    if (this.sink) this.sink(p);
    else this.list.push(p);
  }
}

/** Problems in reading order: by row (whole-file problems first), then column as in the template. */
export function sortProblems(list: ImportProblem[], kind: ImportFileKind | null): ImportProblem[] {
  const columns = kind ? IMPORT_TEMPLATE[kind].columns.map((c) => c.name) : [];
  return list
    .map((p, i) => ({ p, i, column: p.column === undefined ? -1 : columns.indexOf(p.column) }))
    .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.column - b.column || a.i - b.i)
    .map(({ p }) => p);
}

// ---------------------------------------------------------------- bytes

const CHUNK = 64 * 1024;

/** The content in pieces of at most 64 KB, so a large string or buffer streams too. */
export async function* chunksOf(content: ImportContent): AsyncGenerator<string | Uint8Array> {
  if (typeof content === "string" || content instanceof Uint8Array) {
    yield* slices(content);
    return;
  }
  for await (const piece of content) yield* slices(piece);
}

function* slices(piece: string | Uint8Array): Generator<string | Uint8Array> {
  if (typeof piece === "string") {
    for (let i = 0; i < piece.length;) {
      let end = Math.min(i + CHUNK, piece.length);
      // never split a surrogate pair
      if (end < piece.length && /[\uD800-\uDBFF]/.test(piece[end - 1])) end--;
      yield piece.slice(i, end);
      i = end;
    }
  } else {
    for (let i = 0; i < piece.length; i += CHUNK) yield piece.subarray(i, i + CHUNK);
  }
}

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x);

/** What the first bytes say about a file that is not text. */
export function sniffNotCsv(first: Uint8Array): string | null {
  if (startsWith(first, [0x50, 0x4b, 0x03, 0x04]) || startsWith(first, [0x50, 0x4b, 0x05, 0x06])) return MSG.zip();
  if (startsWith(first, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return MSG.xls();
  if (startsWith(first, [0x25, 0x50, 0x44, 0x46, 0x2d])) return MSG.pdf();
  if (startsWith(first, [0xff, 0xfe]) || startsWith(first, [0xfe, 0xff])) return MSG.utf16();
  return null;
}

/** Bytes at the end of `b` that begin a character the next chunk completes. */
function incompleteTail(b: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Offset of the first byte that is not valid UTF-8, or -1. Only run once a chunk has failed. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = (c & 0xe0) === 0xc0 ? 1 : (c & 0xf0) === 0xe0 ? 2 : (c & 0xf8) === 0xf0 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    const min = n === 1 ? 0x80 : n === 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function countNewlines(b: Uint8Array, end = b.length): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1 && i < end; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------- cells

function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

function suggestColumn(name: string, columns: readonly TemplateColumn[]): string | null {
  const squashed = name.replace(/[\s-]+/g, "_");
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of columns) {
    if (c.name === squashed) return c.name;
    const d = editDistance(squashed, c.name);
    if (d < bestDistance) [best, bestDistance] = [c.name, d];
  }
  return best;
}

function parseCell(column: TemplateColumn, cell: string, taTypes: readonly string[]): ParseResult<unknown> {
  const raw = withoutFormulaGuard(cell);
  const f = column.format;
  const name = column.name;
  switch (f.type) {
    case "text":
      return parseText(raw, name, f);
    case "reference":
      return parseReference(raw, name, f);
    case "date":
      return parseDate(raw, name);
    case "money":
      return parseMoney(raw, name, f);
    case "yes_no":
      return parseYesNo(raw, name);
    case "code":
      return parseCode(raw, name, f.configurable ? taTypes : f.values);
    case "integer":
      return parseInteger(raw, name, f);
    case "gss_code":
      return parseGssCode(raw, name);
    case "postcode":
      return parsePostcode(raw, name);
    case "email":
      return parseEmail(raw, name, f);
    case "phone":
      return parsePhone(raw, name);
  }
}

// ---------------------------------------------------------------- one file

/** A cell's parsed value: undefined when missing or refused, null when blank and optional. */
export type Values = Record<string, unknown>;

/** The column other files refer to a file's rows by. */
const KEY_COLUMNS: Partial<Record<ImportFileKind, string>> = {
  providers: "provider_name",
  units: "unit_ref",
  households: "case_ref",
};

export class FileReader {
  readonly template;
  readonly problems: Problems;
  readonly taTypes: readonly string[];
  readonly today: IsoDate;
  /** Streaming: rows go to the sink and only the checks inside one row are made here. */
  readonly sink: RowSink | null;

  stopped = false;
  readable = true;
  started = false;
  rowsRead = 0;

  // UTF-8 checking across chunks
  carry: Uint8Array | null = null;
  linesBefore = 0;

  // header
  headerRow = 0;
  headerLength = 0;
  /** For each cell index: the template column it holds, "unnamed", or null (ignored). */
  slots: (TemplateColumn | "unnamed" | null)[] = [];
  present = new Set<string>();

  /** The column other files refer to this one by is in the header (providers, units, households). */
  keysReadable = true;
  /** members.csv: case_ref and relationship are in the header. */
  leadsReadable = false;

  parser: Parser;
  done: Promise<void>;

  constructor(
    readonly kind: ImportFileKind,
    file: string,
    options: ParseOptions,
    sink: RowSink | null = null,
  ) {
    this.template = IMPORT_TEMPLATE[kind];
    this.sink = sink;
    this.problems = new Problems(file, options.maxProblemsPerFile ?? DEFAULT_MAX_PROBLEMS, sink ? (p) => sink.problem(p) : undefined);
    this.taTypes = options.taTypes ?? DEFAULT_TA_TYPES;
    this.today = options.today ?? londonDate();
    this.parser = csvParse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      max_record_size: MAX_ROW_BYTES,
      on_skip: (err) => {
        this.onCsvError(err);
        return undefined;
      },
      on_record: (record: string[], context) => {
        if (!this.stopped) this.onRecord(record, context.records);
        return null;
      },
    });
    this.done = new Promise((resolve, reject) => {
      this.parser.on("end", resolve);
      this.parser.on("error", reject);
    });
    this.done.catch(() => {}); // awaited in end(); not when reading stopped early
    this.parser.resume();
  }

  /** A problem after which the rest of the file is not read. */
  private fatal(row: number | null, message: string): void {
    this.problems.add(row, message);
    this.stopped = true;
  }

  private unreadable(row: number | null, message: string): void {
    this.fatal(row, message);
    this.readable = false;
  }

  push(chunk: string | Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    if (typeof chunk === "string") {
      if (!this.started && chunk.startsWith("PK\u0003\u0004")) return this.unreadable(null, MSG.zip());
      if (chunk.includes("\u0000")) return this.unreadable(null, MSG.binary());
      if (this.carry) return this.unreadable(this.linesBefore + 1, MSG.notUtf8());
      this.started = true;
      this.parser.write(chunk);
      return;
    }
    if (!this.started) {
      const known = sniffNotCsv(chunk);
      if (known) return this.unreadable(null, known);
    }
    this.started = true;
    if (chunk.indexOf(0) !== -1) return this.unreadable(null, MSG.binary());
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const tail = incompleteTail(data);
    const whole = tail ? data.subarray(0, data.length - tail) : data;
    if (!isUtf8(whole)) {
      const at = firstInvalidUtf8(whole);
      return this.unreadable(this.linesBefore + countNewlines(whole, at === -1 ? whole.length : at) + 1, MSG.notUtf8());
    }
    this.carry = tail ? data.slice(data.length - tail) : null;
    this.linesBefore += countNewlines(whole);
    this.parser.write(chunk);
  }

  async end(): Promise<void> {
    if (!this.stopped && this.carry) this.unreadable(this.linesBefore + 1, MSG.notUtf8());
    if (this.stopped) {
      this.parser.destroy();
    } else {
      this.parser.end();
      try {
        await this.done;
      } catch (e) {
        // record-level CSV errors come through on_skip; anything else is a bug
        if (!(e instanceof Error && "code" in e && typeof e.code === "string" && e.code.startsWith("CSV_"))) throw e;
        this.onCsvError(e as CsvError);
      }
    }
    if (this.headerRow === 0 && !this.stopped) this.unreadable(null, MSG.empty(this.template.fileName, this.headerNames()));
    this.finish();
  }

  private headerNames(): string {
    return this.template.columns.map((c) => c.name).join(",");
  }

  private onCsvError(err: CsvError | undefined): void {
    if (this.stopped || !err) return;
    const row = typeof err.records === "number" ? err.records + 1 : null;
    // the rows after this one were not read, so other files' references into it cannot be checked
    this.readable = false;
    switch (err.code) {
      case "CSV_QUOTE_NOT_CLOSED":
        return this.fatal(row, MSG.quoteNotClosed());
      case "CSV_INVALID_CLOSING_QUOTE":
      case "INVALID_OPENING_QUOTE":
      case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
        return this.fatal(row, MSG.quoteMisplaced());
      case "CSV_MAX_RECORD_SIZE":
        return this.fatal(row, MSG.rowTooBig());
      default:
        return this.fatal(row, MSG.unreadableRow(err.message));
    }
  }

  private onRecord(cells: string[], row: number): void {
    if (cells.every((c) => c.trim() === "")) return; // a blank row: skipped, still counted
    if (this.headerRow === 0) return this.readHeader(cells, row);
    this.rowsRead++;
    if (cells.length !== this.headerLength) {
      const message =
        cells.length > this.headerLength
          ? MSG.tooManyCells(cells.length, this.headerLength)
          : MSG.tooFewCells(cells.length, this.headerLength);
      this.problems.add(row, message);
      return;
    }
    this.readRow(cells, row);
  }

  private readHeader(cells: string[], row: number): void {
    this.headerRow = row;
    this.headerLength = cells.length;
    const columns = this.template.columns;
    if (cells.length === 1 && cells[0].includes(";")) return this.unreadable(row, MSG.semicolons());
    if (cells.length === 1 && cells[0].includes("\t")) return this.unreadable(row, MSG.tabs());
    const names = cells.map((c) => c.trim().toLowerCase());
    const byName = new Map(columns.map((c) => [c.name, c]));
    if (!names.some((n) => byName.has(n))) return this.unreadable(row, MSG.notHeader(this.headerNames()));

    const positions = new Map<string, number[]>();
    names.forEach((name, i) => {
      if (name === "") {
        this.slots.push("unnamed");
        return;
      }
      const column = byName.get(name);
      const at = positions.get(name);
      if (at) at.push(i);
      else positions.set(name, [i]);
      if (!column) {
        this.slots.push(null);
        if (!at) {
          const written = shown(cells[i].trim());
          const suggestion = name.length <= 100 ? suggestColumn(name, columns) : null;
          this.problems.add(row, MSG.unknownColumn(written, this.template.fileName, suggestion), { column: written });
        }
      } else {
        // a repeated column: the first one is read
        this.slots.push(at ? null : column);
        this.present.add(name);
      }
    });
    for (const [name, at] of positions) {
      if (at.length > 1 && byName.has(name)) this.problems.add(row, MSG.duplicateColumn(name, at.map(columnLetter)), { column: name });
    }
    const missing = columns.filter((c) => c.required && !this.present.has(c.name)).map((c) => c.name);
    if (missing.length > 0) this.problems.add(row, MSG.missingColumns(missing));
    const keyColumn = KEY_COLUMNS[this.kind];
    if (keyColumn === undefined || !this.present.has(keyColumn)) this.keysReadable = false;
    this.leadsReadable = this.kind === "members" && this.present.has("relationship") && this.present.has("case_ref");
  }

  private readRow(cells: string[], row: number): void {
    const values: Values = {};
    let valid = true;
    for (let i = 0; i < cells.length; i++) {
      const slot = this.slots[i];
      if (slot === null) continue;
      const raw = cells[i];
      if (slot === "unnamed") {
        if (raw.trim() !== "") {
          this.problems.add(row, MSG.unnamedColumnValue(columnLetter(i)), { value: raw.trim() });
          valid = false;
        }
        continue;
      }
      const trimmed = raw.trim();
      if (trimmed === "" && !slot.required) {
        values[slot.name] = null;
        continue;
      }
      const result = parseCell(slot, raw, this.taTypes);
      if (result.ok) values[slot.name] = result.value;
      else {
        valid = false;
        this.problems.add(row, result.reason, { column: slot.name, value: trimmed });
      }
    }
    for (const c of this.template.columns) {
      if (!(c.name in values)) {
        if (c.required) valid = false;
        else if (!this.present.has(c.name)) values[c.name] = null;
      }
    }
    this.accept(values, row, valid);
  }

  /** A row read with the right number of cells: its own checks, then to the sink. */
  protected accept(values: Values, row: number, valid: boolean): void {
    const ok = this.readRowChecks(values, row) && valid;
    this.sink?.row(row, values, ok);
  }

  /** After the last row (a subclass may check across the rows it kept). */
  protected finish(): void {}

  /**
   * The checks inside one row (the rest are made in SQL over the staged rows,
   * app/features/import/import-stage.server.ts).
   */
  protected readRowChecks(v: Values, row: number): boolean {
    const add = (message: string, column: string, value: string) => this.problems.add(row, message, { column, value });
    switch (this.kind) {
      case "units":
        if (typeof v.in_use_from === "string" && typeof v.retired_on === "string" && v.retired_on <= v.in_use_from) {
          return (add(MSG.retiredNotAfterInUse(), "retired_on", v.retired_on), false);
        }
        return true;
      case "members":
        if (typeof v.date_of_birth === "string" && v.date_of_birth > this.today) {
          return (add(MSG.dateOfBirthFuture(), "date_of_birth", v.date_of_birth), false);
        }
        if (typeof v.pregnant_since === "string" && v.pregnant !== true) {
          return (add(MSG.pregnantSinceNotPregnant(), "pregnant_since", v.pregnant_since), false);
        }
        if (typeof v.pregnant_since === "string" && v.pregnant_since > this.today) {
          return (add(MSG.pregnantSinceFuture(), "pregnant_since", v.pregnant_since), false);
        }
        return true;
      case "placements":
        return placementDateChecks(v, add);
      case "unit_rates":
        return rateChecks(v, add);
      case "out_of_service":
        return outOfServiceDateChecks(v, add);
      case "inspections":
        return inspectionChecks(v, this.today, add);
      case "certificates":
        return certificateChecks(v, this.today, add);
      default:
        return true;
    }
  }
}

/** A rate row gives the nightly rate or the weekly rate: one of them, not both. */
function rateChecks(v: Values, add: (message: string, column: string, value: string) => void): boolean {
  if (typeof v.nightly_rate === "number" && typeof v.weekly_rate === "number") {
    add(MSG.bothRates(), "weekly_rate", String(v.weekly_rate / 100));
    return false;
  }
  // a refused cell is undefined: its own problem stands
  if (v.nightly_rate === null && v.weekly_rate === null) {
    add(MSG.noRate(), "nightly_rate", "");
    return false;
  }
  return true;
}

/** An out-of-service period ends (the first night back) after it starts. */
function outOfServiceDateChecks(v: Values, add: (message: string, column: string, value: string) => void): boolean {
  if (typeof v.start_date === "string" && typeof v.end_date === "string" && v.end_date <= v.start_date) {
    add(MSG.endNotAfterStart(), "end_date", v.end_date);
    return false;
  }
  return true;
}

/** An inspection row's own rules (issue 21): not in the future; works with a due date; dates after the inspection. */
function inspectionChecks(v: Values, today: IsoDate, add: (message: string, column: string, value: string) => void): boolean {
  let ok = true;
  const on = typeof v.inspected_on === "string" ? v.inspected_on : null;
  const fail = (message: string, column: string, value: string) => {
    add(message, column, value);
    ok = false;
  };
  if (on !== null && on > today) fail(MSG.notFuture("inspected_on"), "inspected_on", on);
  if (typeof v.reinspect_on === "string" && on !== null && v.reinspect_on <= on)
    fail(MSG.notAfter("reinspect_on", "inspected_on"), "reinspect_on", v.reinspect_on);
  if (typeof v.works === "string" && v.works_due === null) fail(MSG.worksDueMissing(), "works_due", "");
  if (v.works === null && (typeof v.works_due === "string" || typeof v.works_completed === "string")) fail(MSG.worksMissing(), "works", "");
  if (typeof v.works_due === "string" && on !== null && v.works_due < on)
    fail(MSG.notBefore("works_due", "inspected_on"), "works_due", v.works_due);
  if (typeof v.works_completed === "string" && on !== null && v.works_completed < on)
    fail(MSG.notBefore("works_completed", "inspected_on"), "works_completed", v.works_completed);
  if (typeof v.works_completed === "string" && v.works_completed > today)
    fail(MSG.notFuture("works_completed"), "works_completed", v.works_completed);
  return ok;
}

/** A certificate row's own rules (issue 21): issued today or before; expires after it was issued. */
function certificateChecks(v: Values, today: IsoDate, add: (message: string, column: string, value: string) => void): boolean {
  let ok = true;
  if (typeof v.issued_on === "string" && v.issued_on > today) {
    add(MSG.notFuture("issued_on"), "issued_on", v.issued_on);
    ok = false;
  }
  if (typeof v.issued_on === "string" && typeof v.expires_on === "string" && v.expires_on <= v.issued_on) {
    add(MSG.notAfter("expires_on", "issued_on"), "expires_on", v.expires_on);
    ok = false;
  }
  return ok;
}

/** A placement row's own date rules: the end after the start; no end reason or destination without an end. */
function placementDateChecks(v: Values, add: (message: string, column: string, value: string) => void): boolean {
  let ok = true;
  if (typeof v.start_date === "string" && typeof v.end_date === "string" && v.end_date <= v.start_date) {
    add(MSG.endNotAfterStart(), "end_date", v.end_date);
    ok = false;
  }
  if (v.end_date === null) {
    for (const column of ["end_reason", "destination"]) {
      if (typeof v[column] === "string") {
        add(MSG.blankWithoutEnd(column), column, v[column] as string);
        ok = false;
      }
    }
  }
  return ok;
}

/**
 * Where a streamed file's rows go: every row read with the right number of
 * cells, its values (a cell refused or blank is missing or null) and whether
 * it passed the checks inside the row; and every problem found so far.
 */
export interface RowSink {
  row(row: number, values: Readonly<Record<string, unknown>>, ok: boolean): void;
  problem(p: ImportProblem): void;
  /** Awaited between chunks of the file, so the sink can write out what it holds. */
  drain?(): Promise<void>;
}

/** What a streamed file told about itself; its rows and problems went to the sink. */
export interface StreamedFile {
  file: string;
  kind: ImportFileKind | null;
  rowsRead: number;
  /** False when the rows could not all be read (not a CSV, wrong encoding, a broken quote...). */
  readable: boolean;
  /** The column other files refer to this one by was read (providers, units, households). */
  keysReadable: boolean;
  /** members.csv: case_ref and relationship were read, so a household without a lead can be told. */
  leadsReadable: boolean;
}

/**
 * Reads one file, keeping nothing: each row goes to
 * the sink as it is read, with the checks that need only that row made. The
 * checks across rows and files are the sink's to make (in SQL, over the
 * staged rows), with the same messages (IMPORT_MESSAGES).
 */
export async function streamImportFile(name: string, content: ImportContent, options: ParseOptions, sink: RowSink): Promise<StreamedFile> {
  const kind = fileKindFromName(name);
  if (kind === null) {
    sink.problem({ file: name, row: null, message: MSG.unknownFile(name), severity: "error" });
    return { file: name, kind: null, rowsRead: 0, readable: false, keysReadable: false, leadsReadable: false };
  }
  const reader = new FileReader(kind, name, options, sink);
  for await (const chunk of chunksOf(content)) {
    reader.push(chunk);
    if (sink.drain) await sink.drain();
    if (reader.stopped) break; // leaving the loop closes the stream
  }
  await reader.end();
  if (sink.drain) await sink.drain();
  const readable = reader.readable;
  return {
    file: name,
    kind,
    rowsRead: reader.rowsRead,
    readable,
    keysReadable: readable && reader.keysReadable,
    leadsReadable: readable && reader.leadsReadable,
  };
}
