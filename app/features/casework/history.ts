/**
 * The case history in an officer's words: what changed, which unit, which dates, why,
 * from the audit trail's before and after (app/lib/audit.server.ts). Pure: no I/O.
 */
import { DateTime } from "luxon";
import { formatDate, type IsoDate } from "~/lib/dates";
import {
  CONTACT_KINDS,
  DESTINATIONS,
  LETTER_KINDS,
  VISIT_OUTCOMES,
  type ContactKind,
  type Destination,
  type LetterKind,
  type VisitOutcome,
} from "~/lib/vocabulary";

export interface AuditRow {
  action: string;
  entity: string;
  before: unknown;
  after: unknown;
}

type Fields = Record<string, unknown>;
const fields = (v: unknown): Fields => (v && typeof v === "object" ? (v as Fields) : {});
const date = (v: unknown): string => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? formatDate(v.slice(0, 10) as IsoDate) : "");

/** "6 December 2026 at 8:23pm", in Europe/London: the style of every date on the page. */
export function formatWhen(at: Date | string): string {
  const t = DateTime.fromJSDate(new Date(at)).setZone("Europe/London");
  return `${t.setLocale("en-GB").toFormat("d MMMM yyyy")} at ${t.toFormat("h:mm")}${t.hour < 12 ? "am" : "pm"}`;
}

/** One line of history. `unitRef` names a unit by its id (the household's placements' units). */
export function describeChange(row: AuditRow, unitRef: (unitId: number) => string | undefined): string {
  const b = fields(row.before);
  const a = fields(row.after);
  const unit = (f: Fields) => {
    const ref = typeof f.unit_id === "number" ? unitRef(f.unit_id) : undefined;
    return ref ? `unit ${ref}` : "a unit";
  };
  const why = (text: unknown) => (typeof text === "string" && text.trim() ? `: ${text.trim()}` : "");
  switch (`${row.entity} ${row.action}`) {
    case "household register":
      return "Registered the household";
    case "household update":
      return "Changed the household's details";
    case "household mark-awaiting":
      return `Marked as awaiting a placement from ${date(a.awaiting_since)}`;
    case "household clear-awaiting":
      return "No longer awaiting a placement";
    case "person link":
      return `Recorded ${typeof a.member === "string" ? a.member : "a member"} as the same person as a member of another household`;
    case "person unlink":
      return `Recorded ${typeof a.member === "string" ? a.member : "a member"} as not the same person as a member of another household`;
    case "household merge":
      return `Merged household ${String(a.merged)} into household ${String(a.into)}`;
    case "household undo_merge":
      return `Undid the merge of household ${String(b.merged)} into household ${String(b.into)}`;
    case "household legal-hold":
      return `Put the case on legal hold: ${String(a.reason)}`;
    case "household lift-legal-hold":
      return "Took the case off legal hold";
    case "household anonymise":
      return "Anonymised the case after its retention period";
    case "household contact-details":
      return "Changed the contact details";
    case "case_note write":
      return "Wrote a case note";
    case "case_note correct":
      return `Corrected the case note of ${a.corrects_written_at ? formatWhen(a.corrects_written_at as string) : "an earlier date"}`;
    case "household case-officer":
      return typeof a.officer_name === "string" ? `Gave the case to ${a.officer_name}` : "Took the case from its officer";
    case "placement place":
      return `Placed in ${unit(a)} from ${date(a.start_date)}${a.end_date ? ` to ${date(a.end_date)}` : ""}`;
    case "placement transfer":
      return `Transferred to ${unit(a)} from ${date(a.start_date)}`;
    case "placement end (transfer)":
      return `Left ${unit(a)} on ${date(a.end_date)} (transfer)`;
    case "placement end": {
      const went =
        typeof a.destination === "string" && a.destination in DESTINATIONS
          ? `; went to ${DESTINATIONS[a.destination as Destination].toLowerCase()}`
          : "";
      return `Placement in ${unit(a)} ended on ${date(a.end_date)}${why(a.end_reason)}${went}`;
    }
    case "placement correct dates":
    case "placement correct": {
      const from = `${date(b.start_date)} to ${b.end_date ? date(b.end_date) : "no end"}`;
      const to = `${date(a.start_date)} to ${a.end_date ? date(a.end_date) : "no end"}`;
      return `Corrected the dates of the placement in ${unit(a)}: was ${from}, now ${to}`;
    }
    case "placement cancel":
      return `Cancelled the booking of ${unit(a)} from ${date(a.start_date)}${why(a.cancel_reason)}`;
    case "application create":
      return `Recorded a new application from ${date(a.start_date)}`;
    case "move_on_plan create":
      return "Added a move-on plan";
    case "move_on_plan update":
      return "Changed the move-on plan";
    case "s208_notice record":
    case "s208_notice update":
      return `Recorded the s208 notice as sent${a.sent_on ? ` on ${date(a.sent_on)}` : ""}`;
    case "s202_review create":
      return `Recorded a request for a suitability review${a.requested_on ? ` made on ${date(a.requested_on)}` : ""}`;
    case "s202_review decide":
      return `Recorded the review decision${a.decided_on ? ` of ${date(a.decided_on)}` : ""}`;
    case "contact record": {
      const on = a.contact_on ? ` on ${date(a.contact_on)}` : "";
      if (a.kind === "visit")
        return `Recorded a home visit${on}${
          typeof a.outcome === "string" && a.outcome in VISIT_OUTCOMES ? `: ${VISIT_OUTCOMES[a.outcome as VisitOutcome].toLowerCase()}` : ""
        }`;
      return `Recorded a contact${on}${typeof a.kind === "string" && a.kind in CONTACT_KINDS ? ` (${CONTACT_KINDS[a.kind as ContactKind].toLowerCase()})` : ""}`;
    }
    case "letter send":
      return `Sent a letter${typeof a.kind === "string" && a.kind in LETTER_KINDS ? `: ${LETTER_KINDS[a.kind as LetterKind].toLowerCase()}` : ""}${
        typeof a.sent_to === "string" && a.sent_to ? `, to ${a.sent_to}` : ""
      }`;
    case "district import": {
      const c = fields(a.counts);
      const n = (k: string) => (typeof c[k] === "number" ? c[k] : 0);
      return `Loaded the ONS list of districts: ${n("added")} added, ${n("renamed")} renamed, ${n("unchanged")} unchanged`;
    }
    case "trial tag":
      return "Tagged for a change being tested";
    case "trial untag":
      return "Untagged from a change being tested";
    default:
      if (row.action === "import") return `Imported (${String(a.change ?? "changed")} ${row.entity.replace(/_/g, " ")})`;
      return describeOther(row.action, row.entity, Object.keys(a).length ? a : b);
  }
}

/** What each kind of record is called in a sentence. */
const RECORDS: Record<string, string> = {
  unit: "the unit",
  property: "the property",
  provider: "the provider",
  provider_contact: "a contact at the provider",
  provider_check: "a check of the provider",
  unit_rate: "a unit's rate",
  unit_charge: "a unit's charge",
  rate_negotiation: "a rate negotiation",
  invoice: "the invoice",
  budget: "a budget",
  lha_rates: "the LHA rates",
  inspection: "an inspection",
  inspection_works: "works required by an inspection",
  certificate: "a certificate",
  complaint: "a complaint",
  trial: "the trial",
  ta1: "a TA1 return",
  forecast_scenario: "a forecast scenario",
  user: "the user",
  settings: "the council's settings",
  ta_type: "a type of accommodation",
  notification_type: "a notification type",
  district: "a district",
  letter_template: "a letter template",
  sign_in_throttle: "a sign-in throttle",
};
const VERBS: Record<string, string> = {
  create: "Added",
  add: "Added",
  update: "Changed",
  edit: "Changed",
  record: "Recorded",
  end: "Ended",
  decide: "Decided",
  correct: "Corrected",
  retire: "Retired",
  complete: "Completed",
  file: "Marked as filed",
  ask: "Asked for",
  offer: "Recorded an offer in",
  refuse: "Recorded a refusal in",
  agree: "Recorded an agreement in",
  add_line: "Added a line to",
  bulk_change: "Changed in bulk",
  "take out of service": "Took out of service",
  "cancel out of service": "Cancelled an out-of-service period of",
  subject_access: "Downloaded everything held about a person in",
};

/** A change to anything other than a household's case, for the council-wide log. */
function describeOther(action: string, entity: string, f: Fields): string {
  if (action === "sign-in") return "Signed in";
  if (action === "sign-out") return "Signed out";
  if (action === "sign-in-failed") return "A sign-in failed";
  if (action === "clear-sign-in-throttle") return "Cleared a sign-in throttle";
  const name = [f.unit_ref, f.invoice_ref, f.name, f.case_ref].find((v) => typeof v === "string" && v.trim());
  const what = RECORDS[entity] ?? entity.replace(/_/g, " ");
  const verb = VERBS[action] ?? `${action.replace(/[-_]/g, " ")}:`.replace(/^./, (c) => c.toUpperCase());
  return `${verb} ${what}${typeof name === "string" ? ` ${name.trim()}` : ""}`;
}
