/**
 * Asserting on refused changes: a feature's write throws a Refusal (app/lib/refusal.ts).
 * These turn it into a plain record (field, message, and clash or existingId when set), so
 * a test can compare it whole with toEqual.
 */
import { Refusal } from "~/lib/refusal";
import type { Clash } from "~/lib/components/clash";

export type Refused = { field: string; message: string; clash?: Clash; existingId?: number };

const plain = (e: Refusal): Refused => ({
  field: e.field,
  message: e.message,
  ...(e.clash ? { clash: e.clash } : {}),
  ...(e.existingId !== undefined ? { existingId: e.existingId } : {}),
});

/** Awaits a write that must be refused: the Refusal it threw. Fails when the write saved, or threw anything else. */
export async function refusalOf(write: Promise<unknown>): Promise<Refused> {
  let value: unknown;
  try {
    value = await write;
  } catch (e) {
    if (e instanceof Refusal) return plain(e);
    throw e;
  }
  throw new Error(`Expected the change to be refused, but it was saved: ${JSON.stringify(value)}`);
}

/** Awaits a write that may be saved or refused (randomised and concurrent tests): its value, or the refusal. */
export async function settled<T>(write: Promise<T>): Promise<{ ok: true; value: T } | ({ ok: false } & Refused)> {
  try {
    return { ok: true, value: await write };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, ...plain(e) };
    throw e;
  }
}
