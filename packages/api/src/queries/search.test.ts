import { describe, expect, it } from 'vitest';
import { MATCH_NOTHING } from './mongo.ts';
import { searchFilter } from './search.ts';

/** Runs the generated pattern in JavaScript (with `u` for `\p{…}`) against stored search texts. */
function matches(search: string, stored: string): boolean {
  const filter = searchFilter(search) as { search: { $regex: string; $options: string } };
  return new RegExp(filter.search.$regex, `${filter.search.$options}u`).test(stored);
}

describe('searchFilter', () => {
  const team = '65f1c2a9b3e4d Manchester United';

  it('matches any word of the input at the start of a stored word, ignoring case', () => {
    expect(matches('Manchester', team)).toBe(true);
    expect(matches('united', team)).toBe(true);
    expect(matches('manch', team)).toBe(true);
    expect(matches('65f1c2a9b3e4d', team)).toBe(true);
    expect(matches('chester', team)).toBe(false);
    expect(matches('Liverpool United', team)).toBe(true);
    expect(matches('Liverpool Everton', team)).toBe(false);
  });

  it('treats Appwrite reserved characters as spaces and matches after punctuation', () => {
    expect(matches('ada@example.com', 'u1 ada@example.com +15550001 Ada')).toBe(true);
    expect(matches('example.com', 'u1 ada@example.com')).toBe(true);
    expect(matches('+15550001', 'u1 ada@example.com +15550001 Ada')).toBe(true);
    expect(matches('(united)*', team)).toBe(true);
    expect(matches('a.c', 'abc')).toBe(false);
  });

  it('a double-quoted input is one phrase of whole words', () => {
    expect(matches('"manchester united"', team)).toBe(true);
    expect(matches('"united manchester"', team)).toBe(false);
    expect(matches('"manch united"', team)).toBe(false);
    expect(matches('"Manchester Unit"', team)).toBe(false);
    expect(matches('"ada@example.com"', 'u1 ada@example.com')).toBe(true);
    expect(matches('"ada@example.com"', 'u4 dee@example.com')).toBe(false);
  });

  it('input without words matches nothing', () => {
    expect(searchFilter('@ + - * ( ) < > ~ "')).toEqual(MATCH_NOTHING);
    expect(searchFilter('   ')).toEqual(MATCH_NOTHING);
  });

  it('builds one case-insensitive regex on the given field, with metacharacters escaped', () => {
    expect(searchFilter('a.b', 'other')).toEqual({
      other: { $regex: '(?:^|[^\\p{L}\\p{N}_])(?:a\\.b)', $options: 'i' },
    });
  });
});
