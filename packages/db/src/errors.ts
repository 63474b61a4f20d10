/** True for a duplicate-key error (code 11000), the only portable signal on FerretDB and MongoDB. */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: { code?: unknown }[] };
  return code === 11000 || (Array.isArray(writeErrors) && writeErrors.some((entry) => entry.code === 11000));
}

/** What `insert` resolves to, or null when a unique index refused it (someone else has that key). */
export async function unlessDuplicate<T>(insert: Promise<T>): Promise<T | null> {
  try {
    return await insert;
  } catch (error) {
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
}

/** The driver's (and Mongoose's) errors for "no database to talk to", as opposed to a refused command. */
const UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** True when `error` (or one of its causes) says the database cannot be reached right now. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { name, cause } = current as { name?: unknown; cause?: unknown };
    if (typeof name === 'string' && UNAVAILABLE.has(name)) return true;
    current = cause;
  }
  return false;
}

/**
 * For an unordered insert of many documents: the positions of those refused as duplicates
 * (11000), or null when the error is anything else (then nothing can be said of the others).
 */
export function duplicatePositions(error: unknown): Set<number> | null {
  const writeErrors = (error as { writeErrors?: { index: number; code: number }[] } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.some((entry) => entry.code !== 11000)) return null;
  return new Set(writeErrors.map((entry) => entry.index));
}
