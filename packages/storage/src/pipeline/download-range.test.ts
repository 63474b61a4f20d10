import { describe, expect, it } from 'vitest';
import { contentRangeHeader, parseDownloadRange, type RangeRequest } from './download-range.ts';

const whole = { kind: 'whole' } as const;
const partial = (start: number, end: number, size: number): RangeRequest => ({
  kind: 'partial',
  start,
  end,
  size,
});
const unsatisfiable = (size: number): RangeRequest => ({ kind: 'unsatisfiable', size });

describe('parseDownloadRange', () => {
  it.each<[string | undefined, number, 'download' | 'view', RangeRequest]>([
    // The spec's tested examples (Appwrite's e2e tests).
    ['bytes=0-99', 1000, 'download', partial(0, 99, 1000)],
    ['bytes=0-', 1000, 'download', partial(0, 999, 1000)],
    ['bytes=988', 1000, 'download', unsatisfiable(1000)],
    ['bytes=-988', 1000, 'download', unsatisfiable(1000)],
    // Derived from the rules.
    [undefined, 1000, 'download', whole],
    ['', 1000, 'view', whole],
    ['bytes=5-5', 1000, 'download', unsatisfiable(1000)],
    ['bytes=10-5', 1000, 'download', unsatisfiable(1000)],
    ['bytes=0-1000', 1000, 'download', unsatisfiable(1000)],
    ['bytes=0-999', 1000, 'view', partial(0, 999, 1000)],
    ['bytes=998-', 1000, 'download', partial(998, 999, 1000)],
    ['bytes=999-', 1000, 'download', unsatisfiable(1000)],
    ['bytes=1000-', 1000, 'download', unsatisfiable(1000)],
    ['bytes=0-', 1, 'view', unsatisfiable(1)],
    ['bytes=0-9,20-29', 1000, 'download', unsatisfiable(1000)],
    ['items=0-99', 1000, 'download', unsatisfiable(1000)],
    ['Bytes=0-99', 1000, 'download', unsatisfiable(1000)],
    ['bytes= 0-99', 1000, 'download', unsatisfiable(1000)],
    ['bytes=0x10-99', 1000, 'download', unsatisfiable(1000)],
    ['bytes=99999999999999999999-', 1000, 'download', unsatisfiable(1000)],
    // Open ranges take the endpoint's window.
    ['bytes=0-', 50_000_000, 'download', partial(0, 10_485_759, 50_000_000)],
    ['bytes=0-', 50_000_000, 'view', partial(0, 19_999_999, 50_000_000)],
    ['bytes=45000000-', 50_000_000, 'download', partial(45_000_000, 49_999_999, 50_000_000)],
    // A range up to 20,000,000 wide is served as asked, a wider one cut to the window.
    ['bytes=0-15000000', 50_000_000, 'download', partial(0, 15_000_000, 50_000_000)],
    ['bytes=0-20000000', 50_000_000, 'download', partial(0, 20_000_000, 50_000_000)],
    ['bytes=0-20000001', 50_000_000, 'download', partial(0, 10_485_759, 50_000_000)],
    ['bytes=0-20000001', 50_000_000, 'view', partial(0, 19_999_999, 50_000_000)],
    ['bytes=100-20000101', 50_000_000, 'view', partial(100, 20_000_099, 50_000_000)],
  ])('%s of %i bytes (%s)', (header, size, endpoint, expected) => {
    expect(parseDownloadRange(header, size, endpoint)).toEqual(expected);
  });

  it('formats the answer’s Content-Range', () => {
    expect(contentRangeHeader({ start: 0, end: 99, size: 1000 })).toBe('bytes 0-99/1000');
  });
});
