/** Who may do what. One list, read by every route and by the role-matrix test. */
import type { Role } from "~/lib/vocabulary";

const MATRIX = {
  "view:households": ["officer", "manager", "analyst", "administrator"],
  "edit:households": ["officer", "administrator"],
  "view:stock": ["officer", "manager", "analyst", "administrator"],
  "edit:stock": ["officer", "manager", "administrator"],
  "edit:placements": ["officer", "administrator"],
  /** Place or transfer a household into a unit marked "do not use", recording the emergency (issue 21). */
  "place:do-not-use": ["manager", "administrator"],
  "view:money": ["manager", "analyst", "administrator", "officer"],
  "edit:rates": ["manager", "administrator"],
  "edit:invoices": ["manager", "administrator"],
  "view:reports": ["officer", "manager", "analyst", "administrator"],
  "file:returns": ["manager", "administrator"],
  "edit:trials": ["analyst", "administrator"],
  "tag:trials": ["officer", "analyst", "administrator"],
  "import:data": ["administrator", "manager"],
  /** Downloads of the whole council's case-level data (case references, every placement). */
  "export:personal-data": ["manager", "administrator"],
  /** Every change anyone made, council-wide (the audit trail; a household's own is in its history). */
  "view:audit-log": ["manager", "administrator"],
  /** Who looked at which record (the log of views and personal-data downloads). */
  "view:access-log": ["administrator"],
  /** Merge a household registered twice into the other, and undo it (issue 22, item 6; ADR 0037). */
  "merge:households": ["manager", "administrator"],
  /** Put a case on legal hold, and see the retention dry run (issue 22, item 2; ADR 0038). */
  "manage:retention": ["administrator"],
  /** Vulnerability needs marked sensitive; the household's own case officer sees them too (ADR 0028). */
  "view:sensitive-needs": ["manager", "administrator"],
  /** Change the council's letter templates (issue 20, item 3); officers send letters with edit:households. */
  "edit:letter-templates": ["manager", "administrator"],
  "manage:users": ["administrator"],
  "manage:reference": ["administrator"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof MATRIX;
export const PERMISSIONS = Object.keys(MATRIX) as Permission[];

export function can(role: Role, permission: Permission): boolean {
  return (MATRIX[permission] as readonly Role[]).includes(role);
}
