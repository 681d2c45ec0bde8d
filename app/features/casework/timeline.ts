/**
 * The case file's timeline (issue 20, item 1): notes, placements, contacts and changes to the
 * record, merged in date order, newest first. Every entry has the same shape (TimelineEntry);
 * each kind has its words here (TIMELINE_KINDS) and its source in timeline.server.ts, so a new
 * kind (letters) is one line here and one source there. Pure: no I/O.
 */
import { DateTime } from "luxon";
import { formatDate, ZONE, type IsoDate } from "~/lib/dates";
import type { TagColour } from "~/lib/components/govuk";
import { formatWhen } from "~/features/casework/history";

/** Every kind of entry, with the tag that names it on the page. */
export const TIMELINE_KINDS = {
  note: { label: "Note", colour: "teal" },
  placement: { label: "Placement", colour: "green" },
  contact: { label: "Contact", colour: "purple" },
  change: { label: "Change", colour: "grey" },
  letter: { label: "Letter", colour: "yellow" },
} as const satisfies Record<string, { label: string; colour: TagColour }>;
export type TimelineKind = keyof typeof TIMELINE_KINDS;

/** A link from an entry to another entry of the timeline (a note and its correction). */
export interface TimelineLink {
  text: string;
  anchor: string;
}

export interface TimelineEntry {
  kind: TimelineKind;
  /** Unique on the page, and the entry's anchor: "note-12", "placement-3-start". */
  key: string;
  /** London wall-clock "YYYY-MM-DDTHH:MM:SS.mmm": entries sort on it, newest first. A day with no time sorts at its start. */
  sortKey: string;
  /** "6 December 2026 at 8:23pm", or "6 December 2026" when only the day is known. */
  when: string;
  title: string;
  body?: string;
  by?: string;
  /** A page of its own (a letter as sent). */
  href?: string;
  /** Shown under the entry: what a correction corrects, or the note that corrects this one. */
  links?: TimelineLink[];
  /** A note that a later note corrects. */
  corrected?: boolean;
  /** The note's id, for "Correct this note" (notes only, and not once corrected). */
  correctable?: number;
}

/** When an instant happened, for the timeline. */
export function atInstant(at: Date | string): Pick<TimelineEntry, "sortKey" | "when"> {
  const t = DateTime.fromJSDate(new Date(at)).setZone(ZONE);
  return { sortKey: t.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"), when: formatWhen(at) };
}

/** When something happened on a day (and at a time "HH:MM", when known). */
export function onDay(day: IsoDate, time?: string | null): Pick<TimelineEntry, "sortKey" | "when"> {
  if (!time) return { sortKey: `${day}T00:00:00.000`, when: formatDate(day) };
  const [h, m] = time.split(":").map(Number);
  return {
    sortKey: `${day}T${time}:00.000`,
    when: `${formatDate(day)} at ${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, "0")}${h < 12 ? "am" : "pm"}`,
  };
}

/** Every entry of every source, newest first (ties: the later key first, so a correction follows what it corrects). */
export function mergeTimeline(lists: readonly TimelineEntry[][]): TimelineEntry[] {
  return lists
    .flat()
    .sort((a, b) => (a.sortKey === b.sortKey ? b.key.localeCompare(a.key, "en", { numeric: true }) : a.sortKey < b.sortKey ? 1 : -1));
}

export interface NoteInput {
  id: number;
  body: string;
  writtenAt: Date | string;
  writer: string;
  correctsNoteId: number | null;
}

/**
 * Notes as entries: a corrected note says which note corrects it ("Corrected by note of ..."),
 * a correction says what it corrects ("Corrects note of ..."). Neither text is ever changed.
 */
export function noteEntries(notes: readonly NoteInput[]): TimelineEntry[] {
  const byId = new Map(notes.map((n) => [n.id, n]));
  const correctedBy = new Map(notes.filter((n) => n.correctsNoteId !== null).map((n) => [n.correctsNoteId!, n]));
  return notes.map((n) => {
    const fixer = correctedBy.get(n.id);
    const fixes = n.correctsNoteId !== null ? byId.get(n.correctsNoteId) : undefined;
    const links: TimelineLink[] = [];
    if (fixes) links.push({ text: `Corrects note of ${formatWhen(fixes.writtenAt)}`, anchor: `note-${fixes.id}` });
    if (fixer) links.push({ text: `Corrected by note of ${formatWhen(fixer.writtenAt)}`, anchor: `note-${fixer.id}` });
    return {
      kind: "note",
      key: `note-${n.id}`,
      ...atInstant(n.writtenAt),
      title: fixes ? "Correction" : "Case note",
      body: n.body,
      by: n.writer,
      links,
      corrected: !!fixer,
      correctable: fixer ? undefined : n.id,
    };
  });
}

export interface PlacementInput {
  id: number;
  unitRef: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  cancelled: boolean;
  destination: string | null;
  endReason: string | null;
}

/**
 * Placements as entries: placed (or transferred in, when another of the household's placements
 * ends the day this one starts) and ended (unless the end is that transfer). Cancelled bookings
 * are left to the changes (the cancellation is audited).
 */
export function placementEntries(placements: readonly PlacementInput[]): TimelineEntry[] {
  const live = placements.filter((p) => !p.cancelled);
  const out: TimelineEntry[] = [];
  for (const p of live) {
    const from = live.find((q) => q.id !== p.id && q.endDate === p.startDate);
    out.push({
      kind: "placement",
      key: `placement-${p.id}-start`,
      ...onDay(p.startDate),
      title: from ? `Transferred from unit ${from.unitRef} to unit ${p.unitRef}` : `Placed in unit ${p.unitRef}`,
    });
    if (p.endDate && !live.some((q) => q.id !== p.id && q.startDate === p.endDate)) {
      const why = [p.endReason?.trim(), p.destination ? `went to ${p.destination.toLowerCase()}` : ""].filter(Boolean).join("; ");
      out.push({
        kind: "placement",
        key: `placement-${p.id}-end`,
        ...onDay(p.endDate),
        title: `Placement in unit ${p.unitRef} ended`,
        body: why || undefined,
      });
    }
  }
  return out;
}
