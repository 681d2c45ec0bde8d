/**
 * A REFERENCE of the import's checks across rows and files, for tests only. The app reads
 * each file as a stream (streamImportFile in app/features/import/parse.ts: the file-level and
 * in-row checks) and makes every check across rows and files in SQL over the staged rows
 * (app/features/import/import-stage.server.ts), their one home. This in-memory statement of
 * the same checks shares the app's reader (FileReader: the bytes, the header, each cell and
 * the in-row checks) and keeps the records, so the tests can state what a file means and
 * hold the SQL to it (tests/features/import/import-checks.db.test.ts).
 */
import { groupBy } from "~/lib/group-by";
import { type IsoDate } from "~/lib/dates";
import {
  DEFAULT_MAX_PROBLEMS,
  FileReader,
  IMPORT_MESSAGES as MSG,
  Problems,
  chunksOf,
  sortProblems,
  type ImportContent,
  type ImportFileSummary,
  type ImportProblem,
  type Values,
} from "~/features/import/parse";
import { IMPORT_TEMPLATE, TEMPLATE_VERSION, fileKindFromName, type ImportFileKind } from "~/features/import/template";
import type { Destination, Duty, PaidFor, ProviderType, Relationship, Sex } from "~/lib/vocabulary";

export type { ParseOptions } from "~/features/import/parse";
import type { ParseOptions } from "~/features/import/parse";

const OPEN_END = "9999-12-31";

/**
 * The key names are compared by, as name_key() in SQL (migration 0051) makes it: runs of
 * white space one space, trimmed, lower case. tests/features/import/values.test.ts holds the two equal.
 */
export function providerNameKey(name: string): string {
  return name.replace(/\s+/g, " ").trim().toLowerCase();
}

export interface ProviderRecord {
  row: number;
  providerName: string;
  providerType: ProviderType;
  email: string | null;
  phone: string | null;
}

export interface UnitRecord {
  row: number;
  unitRef: string;
  /** As written in units.csv; match it to a provider with providerNameKey. */
  providerName: string;
  propertyName: string;
  addressLine1: string;
  town: string;
  /** Upper case with one space: "M14 5AB". */
  postcode: string;
  districtGss: string;
  taType: string;
  bedrooms: number;
  maxOccupants: number;
  sharedKitchen: boolean;
  sharedBathroom: boolean;
  sharedToilet: boolean;
  stepFree: boolean;
  inUseFrom: IsoDate | null;
  /** The first day the unit is no longer in use; null while in use. */
  retiredOn: IsoDate | null;
  /** Null: the TA type's default. */
  paidFor: PaidFor | null;
  /** The property's Broad Rental Market Area; null: keep what Waypoint has. */
  brma: string | null;
}

/** A row gives exactly one of the nightly and the weekly rate. */
export interface UnitRateRecord {
  row: number;
  unitRef: string;
  nightlyRatePence: number | null;
  weeklyRatePence: number | null;
  effectiveFrom: IsoDate;
}

export interface HouseholdRecord {
  row: number;
  caseRef: string;
  leadName: string;
  duty: Duty;
  /** A blank cell is false. */
  stepFreeNeeded: boolean;
  supportNeeds: string | null;
  /** Owed accommodation and none secured since this day; null when not waiting. */
  awaitingSince: IsoDate | null;
}

export interface MemberRecord {
  row: number;
  caseRef: string;
  name: string;
  dateOfBirth: IsoDate;
  relationship: Relationship;
  /** A blank cell is false. */
  pregnant: boolean;
  sex: Sex | null;
  /** The first night the pregnancy counts; null: the day of the import. */
  pregnantSince: IsoDate | null;
}

export interface PlacementRecord {
  row: number;
  caseRef: string;
  unitRef: string;
  startDate: IsoDate;
  /** Check-out day (not a night of the stay); null while the household is there. */
  endDate: IsoDate | null;
  endReason: string | null;
  destination: Destination | null;
  /** The duty the placement was made under; null: the household's. */
  duty: Duty | null;
}

export interface OutOfServiceRecord {
  row: number;
  unitRef: string;
  startDate: IsoDate;
  /** The first night back in service; null while still out of service. */
  endDate: IsoDate | null;
  reason: string;
}

/** inspections.csv (issue 21). */
export interface InspectionRecord {
  row: number;
  unitRef: string;
  wholeProperty: boolean;
  inspectedOn: IsoDate;
  inspector: string;
  grade: string;
  findings: string | null;
  works: string | null;
  worksDue: IsoDate | null;
  worksCompleted: IsoDate | null;
  reinspectOn: IsoDate | null;
}

/** certificates.csv (issue 21). */
export interface CertificateRecord {
  row: number;
  unitRef: string;
  wholeProperty: boolean;
  certificate: string;
  issuedOn: IsoDate;
  expiresOn: IsoDate;
  reference: string | null;
}

export interface ImportRecords {
  providers: ProviderRecord[];
  units: UnitRecord[];
  unit_rates: UnitRateRecord[];
  households: HouseholdRecord[];
  members: MemberRecord[];
  placements: PlacementRecord[];
  out_of_service: OutOfServiceRecord[];
  inspections: InspectionRecord[];
  certificates: CertificateRecord[];
}

/** The references on one row, kept for the cross-file checks (rows with problems too). */
export interface RowReferences {
  row: number;
  caseRef?: string;
  unitRef?: string;
  providerName?: string;
}

interface ParsedFileCommon {
  file: string;
  /** Data rows read: the header and blank rows are not counted. */
  rowsRead: number;
  problems: ImportProblem[];
  errors: number;
  warnings: number;
  /** Problems counted in errors and warnings but not kept in `problems`. */
  problemsOmitted: number;
  /** False when the rows could not be read at all (not a CSV, wrong encoding, no usable header...). */
  readable: boolean;
  /**
   * What other files may refer to (provider names as providerNameKey, unit_refs,
   * case_refs) with the first row holding each, rows with problems included.
   * Null when the file's key column could not be read.
   */
  keys: ReadonlyMap<string, number> | null;
  /**
   * The references on rows that did not become records (the records carry
   * their own), so the cross-file checks see rows with problems too.
   */
  references: RowReferences[];
  /** members.csv: the case_refs that have a lead member (null for other files or when unreadable). */
  leadCaseRefs: ReadonlySet<string> | null;
}

export type ParsedImportFile =
  | { [K in ImportFileKind]: ParsedFileCommon & { kind: K; records: ImportRecords[K] } }[ImportFileKind]
  | (ParsedFileCommon & { kind: null; records: never[] });

/**
 * References already in the database: a set, or a function given the
 * references a batch needs and returning those that exist (one query for the
 * lot). Provider names are compared as providerNameKey.
 */
export type ExistingLookup = ReadonlySet<string> | ((values: readonly string[]) => Iterable<string> | Promise<Iterable<string>>);

export interface ExistingReferences {
  caseRefs?: ExistingLookup;
  unitRefs?: ExistingLookup;
  providerNames?: ExistingLookup;
}

export interface ImportBatch {
  templateVersion: typeof TEMPLATE_VERSION;
  /** True when there are no errors (warnings allowed): the batch may be written. */
  ok: boolean;
  /** Counts per file, in the order given. */
  files: ImportFileSummary[];
  /** The valid rows of each file, typed and normalised; empty for a file not given. */
  records: ImportRecords;
  /** Sorted by file (order given), row and column. */
  problems: ImportProblem[];
  errors: number;
  warnings: number;
}

function problemsFrom(parsed: ParsedFileCommon, cap: number): Problems {
  const p = new Problems(parsed.file, cap);
  p.list = [...parsed.problems];
  p.errors = parsed.errors;
  p.warnings = parsed.warnings;
  p.omitted = parsed.problemsOmitted;
  return p;
}

/** Reads a file as the app's reader does and keeps its records, keys and references. */
class InMemoryReader extends FileReader {
  records: unknown[] = [];
  references: RowReferences[] = [];
  keyMap = new Map<string, number>();
  leadRows = new Map<string, number>();
  rowReferences: RowReferences | null = null;
  seen = new Map<string, number>();

  protected override accept(values: Values, row: number, valid: boolean): void {
    this.rowReferences = null;
    if (!this.readKind(values, row)) valid = false;
    if (valid) this.records.push(this.build(values, row));
    else if (this.rowReferences) this.references.push(this.rowReferences);
  }

  protected override finish(): void {
    if (this.kind === "placements") this.checkPlacements(this.records as PlacementRecord[]);
    if (this.kind === "out_of_service") this.checkOutOfService(this.records as OutOfServiceRecord[]);
  }

  private firstOf(key: string, row: number): number | undefined {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, row);
    return first;
  }

  /**
   * Keys, references, checks across cells and duplicates; false when the row
   * is refused. Sets rowReferences, kept when the row becomes no record.
   */
  private readKind(v: Values, row: number): boolean {
    const rowOk = this.readRowChecks(v, row);
    return this.readKeys(v, row) && rowOk;
  }

  /** Keys, references and duplicates (the row's own checks are readRowChecks, shared with staging). */
  private readKeys(v: Values, row: number): boolean {
    const str = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : undefined);
    const add = (message: string, column?: string, value?: string) => this.problems.add(row, message, { column, value });
    switch (this.kind) {
      case "providers": {
        const name = str("provider_name");
        if (name === undefined) return true;
        const key = providerNameKey(name);
        if (!this.keyMap.has(key)) this.keyMap.set(key, row);
        const first = this.firstOf(key, row);
        if (first !== undefined) return (add(MSG.duplicateKey("provider_name", name, first), "provider_name", name), false);
        return true;
      }
      case "units": {
        const unitRef = str("unit_ref");
        this.rowReferences = { row, providerName: str("provider_name") };
        let ok = true;
        if (unitRef !== undefined) {
          if (!this.keyMap.has(unitRef)) this.keyMap.set(unitRef, row);
          const first = this.firstOf(unitRef, row);
          if (first !== undefined) {
            add(MSG.duplicateKey("unit_ref", unitRef, first), "unit_ref", unitRef);
            ok = false;
          }
        }
        return ok;
      }
      case "unit_rates": {
        const unitRef = str("unit_ref");
        this.rowReferences = { row, unitRef };
        const from = str("effective_from");
        if (unitRef === undefined || from === undefined) return true;
        const first = this.firstOf(`${unitRef}\u0000${from}`, row);
        if (first !== undefined) return (add(MSG.duplicateRate(unitRef, from, first), "effective_from", from), false);
        return true;
      }
      case "households": {
        const caseRef = str("case_ref");
        if (caseRef === undefined) return true;
        if (!this.keyMap.has(caseRef)) this.keyMap.set(caseRef, row);
        const first = this.firstOf(caseRef, row);
        if (first !== undefined) return (add(MSG.duplicateKey("case_ref", caseRef, first), "case_ref", caseRef), false);
        return true;
      }
      case "members": {
        const caseRef = str("case_ref");
        this.rowReferences = { row, caseRef };
        let ok = true;
        const dob = str("date_of_birth");
        if (caseRef === undefined) return ok;
        if (v.relationship === "lead") {
          const firstLead = this.leadRows.get(caseRef);
          if (firstLead === undefined) this.leadRows.set(caseRef, row);
          else {
            add(MSG.secondLead(caseRef, firstLead), "relationship", "lead");
            ok = false;
          }
        }
        const name = str("name");
        if (name !== undefined && dob !== undefined) {
          const first = this.firstOf(`${caseRef}\u0000${providerNameKey(name)}\u0000${dob}`, row);
          if (first !== undefined) {
            add(MSG.duplicateMember(first), "name", name);
            ok = false;
          }
        }
        return ok;
      }
      case "placements": {
        this.rowReferences = { row, caseRef: str("case_ref"), unitRef: str("unit_ref") };
        return true;
      }
      case "out_of_service": {
        const unitRef = str("unit_ref");
        this.rowReferences = { row, unitRef };
        return true;
      }
      case "inspections": {
        const unitRef = str("unit_ref");
        this.rowReferences = { row, unitRef };
        const on = str("inspected_on");
        if (unitRef === undefined || on === undefined) return true;
        const first = this.firstOf(`${unitRef}\u0000${on}`, row);
        if (first !== undefined) return (add(MSG.duplicateInspection(unitRef, on, first), "inspected_on", on), false);
        return true;
      }
      case "certificates": {
        const unitRef = str("unit_ref");
        this.rowReferences = { row, unitRef };
        const kind = str("certificate");
        const issued = str("issued_on");
        if (unitRef === undefined || kind === undefined || issued === undefined) return true;
        const first = this.firstOf(`${unitRef}\u0000${kind}\u0000${issued}`, row);
        if (first !== undefined) return (add(MSG.duplicateCertificate(unitRef, kind, issued, first), "issued_on", issued), false);
        return true;
      }
    }
  }

  private build(v: Values, row: number): unknown {
    const t = v as Record<string, never>;
    switch (this.kind) {
      case "providers":
        return {
          row,
          providerName: t.provider_name,
          providerType: t.provider_type,
          email: t.email,
          phone: t.phone,
        } satisfies ProviderRecord;
      case "units":
        return {
          row,
          unitRef: t.unit_ref,
          providerName: t.provider_name,
          propertyName: t.property_name,
          addressLine1: t.address_line_1,
          town: t.town,
          postcode: t.postcode,
          districtGss: t.district_gss,
          taType: t.ta_type,
          bedrooms: t.bedrooms,
          maxOccupants: t.max_occupants,
          sharedKitchen: t.shared_kitchen,
          sharedBathroom: t.shared_bathroom,
          sharedToilet: t.shared_toilet,
          stepFree: t.step_free,
          inUseFrom: t.in_use_from,
          retiredOn: t.retired_on,
          paidFor: t.paid_for,
          brma: t.brma,
        } satisfies UnitRecord;
      case "unit_rates":
        return {
          row,
          unitRef: t.unit_ref,
          nightlyRatePence: t.nightly_rate,
          weeklyRatePence: t.weekly_rate,
          effectiveFrom: t.effective_from,
        } satisfies UnitRateRecord;
      case "households":
        return {
          row,
          caseRef: t.case_ref,
          leadName: t.lead_name,
          duty: t.duty,
          stepFreeNeeded: t.step_free_needed ?? false,
          supportNeeds: t.support_needs,
          awaitingSince: t.awaiting_since,
        } satisfies HouseholdRecord;
      case "members":
        return {
          row,
          caseRef: t.case_ref,
          name: t.name,
          dateOfBirth: t.date_of_birth,
          relationship: t.relationship,
          pregnant: t.pregnant ?? false,
          sex: t.sex,
          pregnantSince: t.pregnant_since,
        } satisfies MemberRecord;
      case "placements":
        return {
          row,
          caseRef: t.case_ref,
          unitRef: t.unit_ref,
          startDate: t.start_date,
          endDate: t.end_date,
          endReason: t.end_reason,
          destination: t.destination,
          duty: t.duty,
        } satisfies PlacementRecord;
      case "out_of_service":
        return { row, unitRef: t.unit_ref, startDate: t.start_date, endDate: t.end_date, reason: t.reason } satisfies OutOfServiceRecord;
      case "inspections":
        return {
          row,
          unitRef: t.unit_ref,
          wholeProperty: t.whole_property ?? false,
          inspectedOn: t.inspected_on,
          inspector: t.inspector,
          grade: t.grade,
          findings: t.findings,
          works: t.works,
          worksDue: t.works_due,
          worksCompleted: t.works_completed,
          reinspectOn: t.reinspect_on,
        } satisfies InspectionRecord;
      case "certificates":
        return {
          row,
          unitRef: t.unit_ref,
          wholeProperty: t.whole_property ?? false,
          certificate: t.certificate,
          issuedOn: t.issued_on,
          expiresOn: t.expires_on,
          reference: t.reference,
        } satisfies CertificateRecord;
    }
  }

  /**
   * Overlaps of one unit or one household, and transfers: a placement whose
   * end date is the start date of the same household's next placement.
   */
  private checkPlacements(placements: PlacementRecord[]): void {
    const reported = new Set<string>();
    const sweep = (keyOf: (p: PlacementRecord) => string, message: (other: PlacementRecord, p: PlacementRecord) => string) => {
      const groups = groupBy(placements, keyOf);
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        group.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.row - b.row));
        // the placement reaching furthest so far: anything starting before its end overlaps it
        let latest = group[0];
        for (let i = 1; i < group.length; i++) {
          const p = group[i];
          const latestEnd = latest.endDate ?? OPEN_END;
          if (p.startDate < latestEnd) {
            const pair = `${latest.row}:${p.row}`;
            if (!reported.has(pair)) {
              reported.add(pair);
              this.problems.add(p.row, message(latest, p), { column: "start_date", value: p.startDate });
            }
          }
          if ((p.endDate ?? OPEN_END) > latestEnd) latest = p;
        }
      }
      return groups;
    };
    sweep(
      (p) => p.unitRef,
      (other, p) => MSG.unitOverlap(other.row, p.unitRef, p.startDate),
    );
    const households = sweep(
      (p) => p.caseRef,
      (other, p) => MSG.householdOverlap(other.row, p.caseRef, p.startDate),
    );

    for (const group of households.values()) {
      const startRows = new Map<IsoDate, number>();
      for (const p of group) if (!startRows.has(p.startDate)) startRows.set(p.startDate, p.row);
      for (const p of group) {
        if (p.endDate === null) continue;
        const nextRow = startRows.get(p.endDate);
        if (nextRow !== undefined && p.destination !== null) {
          this.problems.add(p.row, MSG.destinationOnTransfer(nextRow), { column: "destination", value: p.destination });
        } else if (nextRow === undefined && p.destination === null) {
          this.problems.add(p.row, MSG.noDestination(), { column: "destination", severity: "warning" });
        }
      }
    }
  }

  /** Two periods of one unit overlapping (as the database would refuse them). */
  private checkOutOfService(periods: OutOfServiceRecord[]): void {
    for (const group of groupBy(periods, (p) => p.unitRef).values()) {
      group.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.row - b.row));
      let latest = group[0];
      for (const p of group.slice(1)) {
        const latestEnd = latest.endDate ?? OPEN_END;
        if (p.startDate < latestEnd) {
          this.problems.add(p.row, MSG.outOfServiceOverlap(latest.row, p.unitRef, p.startDate), {
            column: "start_date",
            value: p.startDate,
          });
        }
        if ((p.endDate ?? OPEN_END) > latestEnd) latest = p;
      }
    }
  }

  result(): ParsedImportFile {
    const readable = this.readable;
    const leadsReadable = readable && this.leadsReadable;
    return {
      file: this.problems.file,
      kind: this.kind,
      records: this.records,
      rowsRead: this.rowsRead,
      problems: sortProblems(this.problems.list, this.kind),
      errors: this.problems.errors,
      warnings: this.problems.warnings,
      problemsOmitted: this.problems.omitted,
      readable,
      keys: readable && this.keysReadable ? this.keyMap : null,
      references: this.references,
      leadCaseRefs: leadsReadable ? new Set(this.leadRows.keys()) : null,
    } as ParsedImportFile;
  }
}

/**
 * Reads one file of the template. The kind comes from the file name
 * (providers.csv ... placements.csv, any case). Never throws for bad content:
 * everything wrong is in `problems`.
 */
export async function parseImportFile(name: string, content: ImportContent, options: ParseOptions = {}): Promise<ParsedImportFile> {
  const kind = fileKindFromName(name);
  if (kind === null) {
    const problems = new Problems(name, options.maxProblemsPerFile ?? DEFAULT_MAX_PROBLEMS);
    problems.add(null, MSG.unknownFile(name));
    return {
      file: name,
      kind: null,
      records: [],
      rowsRead: 0,
      problems: problems.list,
      errors: problems.errors,
      warnings: 0,
      problemsOmitted: 0,
      readable: false,
      keys: null,
      references: [],
      leadCaseRefs: null,
    };
  }
  const reader = new InMemoryReader(kind, name, options);
  for await (const chunk of chunksOf(content)) {
    reader.push(chunk);
    if (reader.stopped) break; // leaving the loop closes the stream
  }
  await reader.end();
  return reader.result();
}

// ---------------------------------------------------------------- the batch

async function existingAmong(lookup: ExistingLookup | undefined, values: readonly string[], key: (s: string) => string = (s) => s) {
  const found = new Set<string>();
  if (!lookup || values.length === 0) return found;
  if (typeof lookup === "function") {
    for (const v of await lookup(values)) found.add(key(v));
  } else {
    const keys = new Set<string>();
    for (const v of lookup) keys.add(key(v));
    for (const v of values) if (keys.has(key(v))) found.add(key(v));
  }
  return found;
}

/** The references on every row of a file, in row order: its records' and the other rows'. */
function referencesOf(file: ParsedImportFile): RowReferences[] {
  const all: RowReferences[] = [...(file.records as RowReferences[]), ...file.references];
  return all.sort((a, b) => a.row - b.row);
}

interface ReferenceCheck {
  from: ImportFileKind;
  field: "caseRef" | "unitRef" | "providerName";
  column: string;
  to: ImportFileKind;
  thing: string;
  lookup: keyof ExistingReferences;
  key?: (s: string) => string;
}

const REFERENCE_CHECKS: readonly ReferenceCheck[] = [
  {
    from: "units",
    field: "providerName",
    column: "provider_name",
    to: "providers",
    thing: "provider",
    lookup: "providerNames",
    key: providerNameKey,
  },
  { from: "unit_rates", field: "unitRef", column: "unit_ref", to: "units", thing: "unit", lookup: "unitRefs" },
  { from: "members", field: "caseRef", column: "case_ref", to: "households", thing: "household", lookup: "caseRefs" },
  { from: "placements", field: "caseRef", column: "case_ref", to: "households", thing: "household", lookup: "caseRefs" },
  { from: "placements", field: "unitRef", column: "unit_ref", to: "units", thing: "unit", lookup: "unitRefs" },
  { from: "out_of_service", field: "unitRef", column: "unit_ref", to: "units", thing: "unit", lookup: "unitRefs" },
  { from: "inspections", field: "unitRef", column: "unit_ref", to: "units", thing: "unit", lookup: "unitRefs" },
  { from: "certificates", field: "unitRef", column: "unit_ref", to: "units", thing: "unit", lookup: "unitRefs" },
];

/**
 * Checks the files imported together against each other and against what the
 * database already holds, and assembles the batch. References are refused
 * when they match neither the batch nor `existing`; when the file they point
 * into could not be read, they are not checked (that file's own error stands).
 */
export async function checkImportBatch(
  files: readonly ParsedImportFile[],
  options: { existing?: ExistingReferences; maxProblemsPerFile?: number } = {},
): Promise<ImportBatch> {
  const cap = options.maxProblemsPerFile ?? DEFAULT_MAX_PROBLEMS;
  const existing = options.existing ?? {};
  const sinks = files.map((f) => problemsFrom(f, cap));
  const byKind = new Map<ImportFileKind, ParsedImportFile>();
  const sinkOf = new Map<ImportFileKind, Problems>();
  files.forEach((f, i) => {
    if (f.kind === null) return;
    const first = byKind.get(f.kind);
    if (first) {
      sinks[i].add(null, MSG.duplicateFile(IMPORT_TEMPLATE[f.kind].fileName, first.file));
      return;
    }
    byKind.set(f.kind, f);
    sinkOf.set(f.kind, sinks[i]);
  });

  for (const check of REFERENCE_CHECKS) {
    const from = byKind.get(check.from);
    if (!from) continue;
    const target = byKind.get(check.to);
    if (target && !target.keys) continue;
    const key = check.key ?? ((s: string) => s);
    const inBatch = target?.keys ?? new Map<string, number>();
    const unresolved = new Map<string, string>(); // key -> the value as first written
    const references = referencesOf(from);
    for (const r of references) {
      const v = r[check.field];
      if (v !== undefined && !inBatch.has(key(v)) && !unresolved.has(key(v))) unresolved.set(key(v), v);
    }
    const found = await existingAmong(existing[check.lookup], [...unresolved.values()], key);
    const sink = sinkOf.get(check.from)!;
    if (unresolved.size === 0) continue;
    for (const r of references) {
      const v = r[check.field];
      if (v !== undefined && unresolved.has(key(v)) && !found.has(key(v))) {
        sink.add(r.row, MSG.unknownReference(check.column, v, check.thing, IMPORT_TEMPLATE[check.to].fileName), {
          column: check.column,
          value: v,
        });
      }
    }
  }

  // every household in households.csv needs a lead, when members.csv comes with it
  const households = byKind.get("households");
  const members = byKind.get("members");
  if (households?.keys && members?.leadCaseRefs) {
    const leads = members.leadCaseRefs;
    const without = [...households.keys.keys()].filter((c) => !leads.has(c));
    const known = await existingAmong(existing.caseRefs, without);
    const sink = sinkOf.get("households")!;
    for (const caseRef of without) {
      if (!known.has(caseRef)) sink.add(households.keys.get(caseRef)!, MSG.noLead(caseRef), { column: "case_ref", value: caseRef });
    }
  }

  // an out-of-service period may not take a night a placement in the same files has
  const outOfService = byKind.get("out_of_service");
  const placements = byKind.get("placements");
  if (outOfService && placements) {
    const stays = groupBy(placements.records as PlacementRecord[], (p) => p.unitRef);
    const sink = sinkOf.get("out_of_service")!;
    for (const o of outOfService.records as OutOfServiceRecord[]) {
      const clash = (stays.get(o.unitRef) ?? [])
        .filter((p) => p.startDate < (o.endDate ?? OPEN_END) && o.startDate < (p.endDate ?? OPEN_END))
        .sort((a, b) => a.row - b.row)[0];
      if (clash) {
        const night = clash.startDate > o.startDate ? clash.startDate : o.startDate;
        sink.add(o.row, MSG.outOfServicePlacement(clash.row, o.unitRef, night), { column: "start_date", value: o.startDate });
      }
    }
  }

  const records: ImportRecords = {
    providers: [],
    units: [],
    unit_rates: [],
    households: [],
    members: [],
    placements: [],
    out_of_service: [],
    inspections: [],
    certificates: [],
  };
  for (const [kind, f] of byKind) (records as Record<ImportFileKind, unknown[]>)[kind] = f.records;

  // problems in reading order: file as given, then row and column
  const problems = sinks.flatMap((sink, i) => sortProblems(sink.list, files[i].kind));

  const summaries: ImportFileSummary[] = files.map((f, i) => ({
    file: f.file,
    kind: f.kind,
    rowsRead: f.rowsRead,
    records: f.kind !== null && byKind.get(f.kind) === f ? f.records.length : 0,
    errors: sinks[i].errors,
    warnings: sinks[i].warnings,
    problemsOmitted: sinks[i].omitted,
  }));
  const errors = summaries.reduce((n, s) => n + s.errors, 0);
  const warnings = summaries.reduce((n, s) => n + s.warnings, 0);
  return { templateVersion: TEMPLATE_VERSION, ok: errors === 0, files: summaries, records, problems, errors, warnings };
}

/** Reads the files one after another, then checks them together. */
export async function parseImportBatch(
  files: Iterable<{ name: string; content: ImportContent }>,
  options: ParseOptions & { existing?: ExistingReferences } = {},
): Promise<ImportBatch> {
  const parsed: ParsedImportFile[] = [];
  for (const f of files) parsed.push(await parseImportFile(f.name, f.content, options));
  return checkImportBatch(parsed, options);
}
