/**
 * What a report page says about the read-only copy its figures came from (ADR 0029).
 * No server code here: the page renders the sentence, the loader measures the copy.
 */
import { DateTime } from "luxon";
import { ZONE } from "~/lib/dates";

/** The copy, as measured in the snapshot a page's figures were read from. */
export interface CopyState {
  /** Every change the copy has received is applied (or it is not a standby at all). */
  upToDate: boolean;
  /** now() minus the commit time of the last change applied; null when none has been applied since it started. */
  behindSeconds: number | null;
  /** When the last change applied was committed on the live database (ISO instant), if known. */
  replayedAt: string | null;
  /** The copy's replay is paused (pg_wal_replay_pause): it stays behind until resumed. */
  paused: boolean;
  /** When the copy was asked (ISO instant). */
  at: string;
}

/** "less than a second", "1 second", "40 seconds", "3 minutes", "2 hours", "4 days". */
export function howLong(seconds: number): string {
  const n = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (seconds < 1) return "less than a second";
  if (seconds < 120) return n(Math.floor(seconds), "second");
  if (seconds < 2 * 3600) return n(Math.floor(seconds / 60), "minute");
  if (seconds < 2 * 86400) return n(Math.floor(seconds / 3600), "hour");
  return n(Math.floor(seconds / 86400), "day");
}

/** A time in London: "14:32:05", with the day when it is not the day of `on`. */
function clock(iso: string, on: string): string {
  const t = DateTime.fromISO(iso).setZone(ZONE).setLocale("en-GB");
  const sameDay = t.toISODate() === DateTime.fromISO(on).setZone(ZONE).toISODate();
  return sameDay ? t.toFormat("HH:mm:ss") : t.toFormat("HH:mm:ss 'on' d MMMM yyyy");
}

/** The sentence a report page shows above its figures when they came from the copy. */
export function copyNotice(c: CopyState): string {
  if (c.upToDate) return `Figures read from a copy of the database that is up to date with the live one (at ${clock(c.at, c.at)}).`;
  const paused = c.paused ? " Updates to the copy are paused." : "";
  if (c.behindSeconds === null || c.replayedAt === null)
    return `Figures read from a copy of the database that is behind the live one; how far behind is not known yet.${paused}`;
  return `Figures read from a copy of the database ${howLong(Math.max(0, c.behindSeconds))} behind the live one (as it was at ${clock(c.replayedAt, c.at)}).${paused}`;
}
