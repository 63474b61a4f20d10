import { UPLOAD_CHUNK_SIZE } from './limits.ts';

/*
 * The `Content-Range` header of a chunked upload, by Appwrite's rules: `<unit> <start>-<end>/<total>`
 * with exactly one space, a unit that is any non-empty token (not checked), digits only,
 * `start <= end <= total` (`end == total` is tolerated, as there). The chunk's index and the
 * number of chunks come from the fixed 5 MiB chunk size, whatever the chunk's real length.
 */

export type UploadChunk = {
  unit: string;
  start: number;
  end: number;
  /** The whole file's size. */
  total: number;
  /** 1-based. */
  chunkIndex: number;
  chunksTotal: number;
};

export type ContentRangeResult = { valid: true; chunk: UploadChunk } | { valid: false };

const CONTENT_RANGE = /^([^ ]+) (\d+)-(\d+)\/(\d+)$/;

/** The chunk a `Content-Range` header (non-empty: an empty one means a single-request upload) describes. */
export function parseUploadContentRange(header: string): ContentRangeResult {
  const match = CONTENT_RANGE.exec(header);
  if (!match) return { valid: false };
  const [, unit, ...numbers] = match as unknown as [string, string, string, string, string];
  const [start, end, total] = numbers.map(Number) as [number, number, number];
  if (![start, end, total].every(Number.isSafeInteger) || start > end || end > total) return { valid: false };
  return {
    valid: true,
    chunk: {
      unit,
      start,
      end,
      total,
      chunkIndex: Math.floor(start / UPLOAD_CHUNK_SIZE) + 1,
      chunksTotal: Math.ceil(total / UPLOAD_CHUNK_SIZE),
    },
  };
}
