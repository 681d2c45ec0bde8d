/** Recognising the database's refusals, so each becomes a clear message and never a 500. */
export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

const asPg = (e: unknown): PgError => (typeof e === "object" && e !== null ? (e as PgError) : {});

export const isUniqueViolation = (e: unknown) => asPg(e).code === "23505";
export const isExclusionViolation = (e: unknown) => asPg(e).code === "23P01";
export const isCheckViolation = (e: unknown) => asPg(e).code === "23514";
export const isForeignKeyViolation = (e: unknown) => asPg(e).code === "23503";
export const constraintOf = (e: unknown) => asPg(e).constraint;
/** A write to a household merged into another (db/definitions/merged-households.ts): the message names the case to use. */
export const isWriteToMergedHousehold = (e: unknown) => asPg(e).code === "WPM01";

/**
 * Connection refused, reset, terminated or stalled: the database is away, try again later.
 * 25P03 is the server ending a session left idle in a transaction; "Query read timeout"
 * is no answer at all within the app's read timeout, after which the client is ended.
 */
export function isConnectionError(e: unknown): boolean {
  const err = asPg(e);
  const code = err.code ?? "";
  if (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "ETIMEDOUT",
      "EPIPE",
      "57P01",
      "57P02",
      "57P03",
      "25P03",
      "08000",
      "08003",
      "08006",
      "08001",
      "08004",
    ].includes(code)
  )
    return true;
  const msg = err.message ?? "";
  return /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout|timeout exceeded when trying to connect/i.test(
    msg,
  );
}

/** A statement cancelled (57014), by the app's statement timeout or an administrator: it changed nothing. */
export const isStatementTimeout = (e: unknown) => asPg(e).code === "57014";

/**
 * A query on a hot standby cancelled "due to conflict with recovery" (40001, or 40P01 for a buffer pin deadlock): the
 * replay needed rows, or a lock, the query still held. It changed nothing; try again.
 */
export const isRecoveryConflict = (e: unknown) =>
  ["40001", "40P01"].includes(asPg(e).code ?? "") && /conflict with recovery/i.test(asPg(e).message ?? "");

/**
 * A promise that several requests share (one computation for many), as one caller's own:
 * a Response it throws (the 503 of a lost connection) reaches each caller as a copy,
 * since Remix reads the body of the Response a loader throws, and a body reads once.
 */
export const ownCopy = <T>(shared: Promise<T>): Promise<T> =>
  shared.catch((e: unknown) => {
    throw e instanceof Response ? e.clone() : e;
  });

/** Deadlock or serialisation failure: the transaction did nothing and may be run again. */
export const isRetryable = (e: unknown) => ["40P01", "40001"].includes(asPg(e).code ?? "");

/**
 * Runs a whole transaction again when PostgreSQL chose it as a deadlock victim.
 * Concurrent inserts under an exclusion constraint can deadlock each other; the
 * loser did nothing, so trying again is safe and gives the officer the real answer.
 */
export async function retrying<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}
