import { describe, expect, it } from 'vitest';
import { parseTokenLink } from './token-link.ts';

describe('parseTokenLink', () => {
  it('reads userId and secret, ignoring the rest', () => {
    const search = new URLSearchParams('userId=u1&secret=abc&expire=2026-01-01T00%3A00%3A00.000%2B00%3A00');
    expect(parseTokenLink(search)).toEqual({ userId: 'u1', secret: 'abc' });
  });

  it('is null when a part is missing or empty', () => {
    expect(parseTokenLink(new URLSearchParams('userId=u1'))).toBeNull();
    expect(parseTokenLink(new URLSearchParams('secret=abc'))).toBeNull();
    expect(parseTokenLink(new URLSearchParams('userId=&secret=abc'))).toBeNull();
  });
});
