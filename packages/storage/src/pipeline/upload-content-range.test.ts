import { describe, expect, it } from 'vitest';
import { parseUploadContentRange, type UploadChunk } from './upload-content-range.ts';

const chunk = (
  start: number,
  end: number,
  total: number,
  chunkIndex: number,
  chunksTotal: number,
  unit = 'bytes',
) => ({ unit, start, end, total, chunkIndex, chunksTotal }) satisfies UploadChunk;

describe('parseUploadContentRange', () => {
  it.each<[string, UploadChunk]>([
    // The node SDK's requests for a 12 MiB file and a decimal 12 MB one.
    ['bytes 0-5242879/12582912', chunk(0, 5_242_879, 12_582_912, 1, 3)],
    ['bytes 5242880-10485759/12582912', chunk(5_242_880, 10_485_759, 12_582_912, 2, 3)],
    ['bytes 10485760-12582911/12582912', chunk(10_485_760, 12_582_911, 12_582_912, 3, 3)],
    ['bytes 10485760-11999999/12000000', chunk(10_485_760, 11_999_999, 12_000_000, 3, 3)],
    // 20 MiB in four chunks; a single chunk; the unit is not checked; end == total is tolerated.
    ['bytes 15728640-20971519/20971520', chunk(15_728_640, 20_971_519, 20_971_520, 4, 4)],
    ['bytes 0-99/100', chunk(0, 99, 100, 1, 1)],
    ['items 0-99/100', chunk(0, 99, 100, 1, 1, 'items')],
    ['bytes 0-100/100', chunk(0, 100, 100, 1, 1)],
    ['bytes 5-5/6', chunk(5, 5, 6, 1, 1)],
    // A chunk that does not start on a 5 MiB boundary gets the index of the chunk it falls in.
    ['bytes 6000000-6999999/12000000', chunk(6_000_000, 6_999_999, 12_000_000, 2, 3)],
  ])('%s', (header, expected) => {
    expect(parseUploadContentRange(header)).toEqual({ valid: true, chunk: expected });
  });

  it.each([
    'bytes 10-5/100', // start > end
    'bytes 0-101/100', // end > total
    'bytes  0-99/100', // two spaces
    'bytes0-99/100',
    ' 0-99/100', // no unit
    'bytes 0-99',
    'bytes 0-99/*',
    'bytes -99/100',
    'bytes 0-/100',
    'bytes +0-99/100',
    'bytes 0-99/100 ',
    'bytes 0x0-99/100',
    'bytes 0-99/99999999999999999999',
  ])('%s is invalid', (header) => {
    expect(parseUploadContentRange(header)).toEqual({ valid: false });
  });
});
