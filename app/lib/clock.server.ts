/**
 * "Today" for the app: the date in Europe/London. WAYPOINT_TODAY pins it (for a
 * demo or a reproduction); with WAYPOINT_TEST_CLOCK=1 a browser test may set it per
 * browser with a cookie, so tests control the clock without sharing state.
 */
import { londonDate, isIsoDate, type IsoDate } from "~/lib/dates";
import { env } from "~/lib/env.server";

export function today(request?: Request): IsoDate {
  const e = env();
  if (e.WAYPOINT_TEST_CLOCK === "1" && request) {
    const match = /(?:^|;\s*)waypoint_today=(\d{4}-\d{2}-\d{2})/.exec(request.headers.get("cookie") ?? "");
    if (match && isIsoDate(match[1])) return match[1];
  }
  if (e.WAYPOINT_TODAY && isIsoDate(e.WAYPOINT_TODAY)) return e.WAYPOINT_TODAY;
  return londonDate();
}
