/**
 * Where the timeline's entries come from: one source per kind (TIMELINE_KINDS in timeline.ts).
 * A source reads what it needs, or takes what the case page has read already (`loaded`). To add
 * a kind (letters): a line in TIMELINE_KINDS and a source in SOURCES.
 */
import type { Conn } from "~/lib/db/connect";
import type { IsoDate } from "~/lib/dates";
import { DESTINATIONS, LETTER_KINDS, type Destination } from "~/lib/vocabulary";
import { notesOf } from "~/features/casework/case-notes.server";
import type { ContactRow } from "~/features/casework/contacts.server";
import { describeChange, type AuditRow } from "~/features/casework/history";
import {
  atInstant,
  mergeTimeline,
  noteEntries,
  onDay,
  placementEntries,
  type PlacementInput,
  type TimelineEntry,
  type TimelineKind,
} from "~/features/casework/timeline";

/** What the case page has already read, so a source need not read it again. */
export interface TimelineContext {
  householdId: number;
  day: IsoDate;
  loaded: {
    placements: (Omit<PlacementInput, "destination"> & { destination: Destination | null; unitId: number })[];
    contacts: ContactRow[];
    history: (AuditRow & { id: number; at: Date; user_name: string | null })[];
  };
}

type Source = (db: Conn, c: TimelineContext) => Promise<TimelineEntry[]> | TimelineEntry[];

/** Audited changes the timeline shows through their own kind, not again as a change. */
const SHOWN_AS_THEIR_OWN = new Set(["placement", "contact", "case_note", "letter"]);

export const SOURCES: Record<TimelineKind, Source> = {
  note: async (db, c) => noteEntries(await notesOf(db, c.householdId)),
  placement: (_db, c) =>
    placementEntries(c.loaded.placements.map((p) => ({ ...p, destination: p.destination ? DESTINATIONS[p.destination] : null }))),
  contact: (_db, c) =>
    c.loaded.contacts.map((x) => ({
      kind: "contact",
      key: `contact-${x.id}`,
      ...onDay(x.onIso, x.time),
      title: `${x.unitRef && x.kindCode === "visit" ? `${x.kind} (unit ${x.unitRef})` : x.kind}${x.outcome ? `: ${x.outcome.toLowerCase()}` : ""}`,
      body: x.note || undefined,
      by: x.recordedBy,
    })),
  change: (_db, c) => {
    const units = new Map(c.loaded.placements.map((p) => [p.unitId, p.unitRef]));
    return c.loaded.history
      .filter((h) => !SHOWN_AS_THEIR_OWN.has(h.entity))
      .map((h) => ({
        kind: "change",
        key: `change-${h.id}`,
        ...atInstant(h.at),
        title: describeChange(h, (id) => units.get(id)),
        by: h.user_name ?? "System",
      }));
  },
  letter: async (db, c) => {
    const rows = await db
      .selectFrom("letters as l")
      .leftJoin("users as u", "u.id", "l.sent_by")
      .select(["l.id", "l.kind", "l.sent_at", "l.sent_to", "u.name as sent_by"])
      .where("l.household_id", "=", c.householdId)
      .execute();
    return rows.map((l) => ({
      kind: "letter",
      key: `letter-${l.id}`,
      ...atInstant(l.sent_at),
      title: `${LETTER_KINDS[l.kind]} sent to ${l.sent_to}`,
      by: l.sent_by ?? "Unknown",
      href: `/households/${c.householdId}/letters/${l.id}`,
    }));
  },
};

/** The household's timeline, newest first. */
export async function timelineOf(db: Conn, c: TimelineContext): Promise<TimelineEntry[]> {
  return mergeTimeline(await Promise.all(Object.values(SOURCES).map((s) => s(db, c))));
}
