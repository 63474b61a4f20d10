import { DOWNLOAD_RANGE_WINDOW, VIEW_RANGE_WINDOW } from './limits.ts';

/*
 * The `Range` header of download and view, by Appwrite's rules: `<unit>=<start>-<end?>`, one
 * range, digits only, `end > start` when given. An open range, or one wider than
 * VIEW_RANGE_WINDOW, is cut to the endpoint's window. Unit other than `bytes`, unparseable,
 * `start >= end` (so a one-byte range, and an open range on the last byte) or past the end: not
 * satisfiable (416).
 */

export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number; size: number }
  | { kind: 'unsatisfiable'; size: number };

const RANGE = /^([^=]+)=(\d+)-(\d*)$/;

/** What a `Range` header (absent or empty: the whole file) asks of a file of `size` original bytes. */
export function parseDownloadRange(
  header: string | undefined,
  size: number,
  endpoint: 'download' | 'view',
): RangeRequest {
  if (header === undefined || header === '') return { kind: 'whole' };
  const unsatisfiable = { kind: 'unsatisfiable', size } as const;
  const match = RANGE.exec(header);
  if (!match) return unsatisfiable;
  const [, unit, startText, endText] = match as unknown as [string, string, string, string];
  const start = Number(startText);
  let end = endText === '' ? undefined : Number(endText);
  if (!Number.isSafeInteger(start) || (end !== undefined && (!Number.isSafeInteger(end) || end <= start))) {
    return unsatisfiable;
  }
  if (end === undefined || end - start > VIEW_RANGE_WINDOW) {
    const window = endpoint === 'download' ? DOWNLOAD_RANGE_WINDOW : VIEW_RANGE_WINDOW;
    end = Math.min(start + window - 1, size - 1);
  }
  if (unit !== 'bytes' || start >= end || end >= size) return unsatisfiable;
  return { kind: 'partial', start, end, size };
}

/** The `Content-Range` header of a 206 answer. */
export function contentRangeHeader(range: { start: number; end: number; size: number }): string {
  return `bytes ${range.start}-${range.end}/${range.size}`;
}
