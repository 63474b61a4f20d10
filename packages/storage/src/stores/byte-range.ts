import { type ByteRange } from '../object-store.ts';

/**
 * A range that starts past the object's last byte (HTTP's 416). A range that merely ends past it
 * is not an error: it is cut at the last byte, as HTTP does.
 */
export class RangeNotSatisfiableError extends RangeError {
  constructor(
    readonly key: string,
    readonly range: ByteRange,
  ) {
    super(`range ${range.start}-${range.end} starts past the end of ${key}`);
    this.name = 'RangeNotSatisfiableError';
  }
}

/** Inclusive `start..end` as HTTP's Range, checked: whole numbers, 0 ≤ start ≤ end. */
export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}-${end}`);
  }
}
