/** True for a duplicate-key error (code 11000), the only portable signal on FerretDB and MongoDB. */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: { code?: unknown }[] };
  return code === 11000 || (Array.isArray(writeErrors) && writeErrors.some((entry) => entry.code === 11000));
}
