/**
 * Who may place or transfer a household: officers everywhere (edit:placements); managers
 * (place:do-not-use) only into a unit marked "do not use", recording the emergency
 * (issue 21, ADR 0050). Anyone else is refused with a 403.
 */
import { can } from "~/lib/permissions";
import { requireUser, type SessionUser } from "~/lib/session.server";

export interface Placer {
  user: SessionUser;
  /** May place into a unit marked "do not use". */
  mayUseDoNotUse: boolean;
  /** May place only into a unit marked "do not use" (a manager). */
  onlyDoNotUse: boolean;
}

export async function requirePlacer(request: Request): Promise<Placer> {
  const user = await requireUser(request);
  const officer = can(user.role, "edit:placements");
  const manager = can(user.role, "place:do-not-use");
  if (!officer && !manager) throw new Response("You do not have permission to do this", { status: 403 });
  return { user, mayUseDoNotUse: manager, onlyDoNotUse: !officer };
}

/** A manager who does not place otherwise may open the page only for a unit marked "do not use". */
export function assertMayOpen(placer: Placer, doNotUse: unknown[]): void {
  if (placer.onlyDoNotUse && doNotUse.length === 0) throw new Response("You do not have permission to do this", { status: 403 });
}
