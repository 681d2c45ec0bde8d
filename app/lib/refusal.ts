/**
 * A change refused for a reason the user can fix: the field it concerns and a GOV.UK-style
 * message. Thrown by a feature's write function (nothing is saved: the throw rolls back its
 * transaction); the route's action catches it with `asRefusal` and shows the message in the
 * error summary and beside the field. The one idiom for a refused change (ADR 0047); a form
 * that does not parse is a FormResult, not a Refusal.
 */
import type { Clash } from "~/lib/components/clash";

export class Refusal extends Error {
  /** The record the change would have duplicated, when there is one to link to. */
  readonly existingId?: number;
  /** The booking of the unit the change clashes with, shown with a link to it. */
  readonly clash?: Clash;

  constructor(
    public field: string,
    message: string,
    more: { existingId?: number; clash?: Clash } = {},
  ) {
    super(message);
    this.existingId = more.existingId;
    this.clash = more.clash;
  }

  /** The field errors for the form: the message under the field, or under `as` when the form names it differently. */
  errors(as?: string): Record<string, string> {
    return { [as ?? this.field]: this.message };
  }
}

/**
 * In a route action's `catch`: the Refusal the write threw; anything else is thrown on.
 *   try { await write(...) } catch (e) { return { errors: asRefusal(e).errors(), values: form.values }; }
 */
export function asRefusal(e: unknown): Refusal {
  if (e instanceof Refusal) return e;
  throw e;
}
