/** The case file's timeline from typed entries: dates in one style, newest first, placements read as placed, transferred and ended. */
import { describe, expect, it } from "vitest";
import { describeChange } from "~/features/casework/history";
import { atInstant, mergeTimeline, noteEntries, onDay, placementEntries, TIMELINE_KINDS } from "~/features/casework/timeline";

describe("the timeline", () => {
  it("writes dates as '6 December 2026 at 8:23pm' in Europe/London, and a day alone as '6 December 2026'", () => {
    expect(atInstant("2026-12-06T20:23:00Z")).toEqual({ sortKey: "2026-12-06T20:23:00.000", when: "6 December 2026 at 8:23pm" });
    // British Summer Time: 11:05 UTC is 12:05pm in London.
    expect(atInstant("2026-07-01T11:05:00Z")).toEqual({ sortKey: "2026-07-01T12:05:00.000", when: "1 July 2026 at 12:05pm" });
    expect(onDay("2026-12-06")).toEqual({ sortKey: "2026-12-06T00:00:00.000", when: "6 December 2026" });
    expect(onDay("2026-12-06", "00:30").when).toBe("6 December 2026 at 12:30am");
  });

  it("merges every kind newest first; on the same instant the later entry first", () => {
    const merged = mergeTimeline([
      [{ kind: "note", key: "note-2", ...onDay("2026-12-01", "09:00"), title: "b" }],
      [
        { kind: "placement", key: "placement-1-start", ...onDay("2026-12-03"), title: "c" },
        { kind: "contact", key: "contact-9", ...onDay("2026-12-01", "09:00"), title: "a" },
      ],
      [{ kind: "note", key: "note-10", ...onDay("2026-12-01", "09:00"), title: "d" }],
    ]);
    expect(merged.map((e) => e.key)).toEqual(["placement-1-start", "note-10", "note-2", "contact-9"]);
    expect(Object.keys(TIMELINE_KINDS)).toEqual(["note", "placement", "contact", "change", "letter"]);
  });

  it("reads placements as placed, transferred and ended, leaving out a cancelled booking", () => {
    const p = (id: number, unitRef: string, startDate: string, endDate: string | null, extra = {}) => ({
      id,
      unitRef,
      startDate,
      endDate,
      cancelled: false,
      destination: null,
      endReason: null,
      ...extra,
    });
    const entries = placementEntries([
      p(1, "BB-1", "2026-10-01", "2026-10-20"),
      p(2, "FL-2", "2026-10-20", "2026-11-30", { destination: "Social housing offer", endReason: "Offer accepted" }),
      p(3, "FL-3", "2026-12-01", null, { cancelled: true }),
    ]);
    expect(entries.map((e) => [e.when, e.title, e.body])).toEqual([
      ["1 October 2026", "Placed in unit BB-1", undefined],
      ["20 October 2026", "Transferred from unit BB-1 to unit FL-2", undefined],
      ["30 November 2026", "Placement in unit FL-2 ended", "Offer accepted; went to social housing offer"],
    ]);
  });

  it("marks a corrected note and its correction both ways", () => {
    const [a, b] = noteEntries([
      { id: 1, body: "Until Friday", writtenAt: "2026-12-06T20:23:00Z", writer: "Olu", correctsNoteId: null },
      { id: 2, body: "Until Sunday", writtenAt: "2026-12-06T22:23:00Z", writer: "Olu", correctsNoteId: 1 },
    ]);
    expect(a).toMatchObject({ corrected: true, links: [{ text: "Corrected by note of 6 December 2026 at 10:23pm", anchor: "note-2" }] });
    expect(b).toMatchObject({
      title: "Correction",
      corrected: false,
      correctable: 2,
      links: [{ text: "Corrects note of 6 December 2026 at 8:23pm", anchor: "note-1" }],
    });
  });

  it("names the case file's changes in the history", () => {
    const none = () => undefined;
    expect(describeChange({ action: "contact-details", entity: "household", before: {}, after: {} }, none)).toBe(
      "Changed the contact details",
    );
    expect(describeChange({ action: "write", entity: "case_note", before: null, after: {} }, none)).toBe("Wrote a case note");
    expect(
      describeChange(
        { action: "correct", entity: "case_note", before: null, after: { corrects_written_at: "2026-12-06T20:23:00.000Z" } },
        none,
      ),
    ).toBe("Corrected the case note of 6 December 2026 at 8:23pm");
  });
});
