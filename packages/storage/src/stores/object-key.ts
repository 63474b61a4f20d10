/**
 * The rules every store applies to keys, so a key means the same path on disk as in a bucket and
 * can never leave the store's root: relative, `/`-separated segments of printable characters, none
 * empty, none `.` or `..`, none starting with `.` (names starting with `.` are the stores' own,
 * such as the local store's temporary files), no backslash and no control character.
 */
export class InvalidObjectKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidObjectKeyError';
  }
}

const MAX_KEY_LENGTH = 1024;

function problemWithSegments(value: string): string | undefined {
  if (value.length > MAX_KEY_LENGTH) return `longer than ${MAX_KEY_LENGTH} characters`;
  if (value.startsWith('/')) return 'must be relative (no leading /)';
  if (value.includes('\\')) return 'must not contain a backslash';
  // eslint-disable-next-line no-control-regex -- control characters (NUL included) are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not contain control characters';
  for (const segment of value.split('/')) {
    if (segment === '') return 'must not contain an empty segment (//)';
    if (segment.startsWith('.')) return 'no segment may start with . (so neither . nor ..)';
  }
  return undefined;
}

/** Throws `InvalidObjectKeyError` unless `key` names an object. */
export function assertObjectKey(key: string): void {
  const problem = key === '' ? 'must not be empty' : problemWithSegments(key);
  if (problem) throw new InvalidObjectKeyError(key, problem);
}

/**
 * Throws unless `prefix` is a valid start of keys: empty (every key), a folder ending in `/`, or
 * the start of a segment (`files/a` matches `files/a/x` and `files/ab/x`).
 */
export function assertObjectPrefix(prefix: string): void {
  if (prefix === '') return;
  const problem = problemWithSegments(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  if (problem) throw new InvalidObjectKeyError(prefix, problem);
}
