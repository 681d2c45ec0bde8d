/**
 * Every CSV export, by name: the `waypoint export <name>` command and the app's
 * download links both read this list, so the same numbers come out of both.
 * Each area registers its exports in its own module and adds one line below.
 * The names and columns are a published interface: only ever add.
 */
import type { IsoDate } from "~/lib/dates";
import type { Permission } from "~/lib/permissions";
import type { Conn } from "~/lib/db/connect";
import { recordView } from "~/lib/audit.server";

export interface ExportParams {
  /** First day of the period (inclusive). */
  from?: IsoDate;
  /** Last day of the period (inclusive). */
  to?: IsoDate;
  /** "As at": the night of this date. */
  asOf?: IsoDate;
  /** Today in Europe/London, for defaults. */
  today: IsoDate;
}

export interface CsvExport {
  name: string;
  description: string;
  /** Which of from/to/asOf it reads; the CLI refuses a flag an export does not take. */
  params: readonly ("from" | "to" | "asOf")[];
  /** Who may download it from the app (default "view:reports"). */
  permission?: Permission;
  /** CSV text, header first, streamed (large exports must not build the file in memory). */
  run(db: Conn, params: ExportParams): AsyncIterable<string>;
}

const registered = new Map<string, CsvExport>();

export function registerExport(e: CsvExport): void {
  if (registered.has(e.name)) throw new Error(`Export ${e.name} is registered twice`);
  registered.set(e.name, e);
}

export function getExport(name: string): CsvExport | undefined {
  return registered.get(name);
}

export function allExports(): CsvExport[] {
  return [...registered.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * An export of personal data is recorded in the log of who looked (ADR 0034), wherever it is
 * downloaded from: /exports, the report pages' CSV links, or the command line (no user).
 */
export async function recordPersonalExport(
  db: Conn,
  userId: number | null,
  e: CsvExport,
  params: Pick<ExportParams, "from" | "to" | "asOf">,
): Promise<void> {
  if (e.permission !== "export:personal-data") return;
  const period = [params.from && `from ${params.from}`, params.to && `to ${params.to}`, params.asOf && `as at ${params.asOf}`];
  const detail = [e.name, ...period.filter(Boolean), ...(userId === null ? ["(command line)"] : [])].join(" ");
  await recordView(db, { userId, what: "export", detail });
}
