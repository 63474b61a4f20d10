import { describe, expect, it } from 'vitest';
import { formatPrefs, parsePrefs } from './prefs.ts';
import { parseRoles } from './roles.ts';

describe('parsePrefs', () => {
  it('accepts a JSON object', () => {
    expect(parsePrefs('{"theme":"dark","seats":3}')).toEqual({
      ok: true,
      prefs: { theme: 'dark', seats: 3 },
    });
    expect(parsePrefs(formatPrefs({}))).toEqual({ ok: true, prefs: {} });
  });

  it('explains what is wrong', () => {
    expect(parsePrefs('{theme: dark}')).toMatchObject({ ok: false, problem: /not valid JSON/ });
    for (const text of ['[]', 'null', '"dark"', '3']) {
      expect(parsePrefs(text)).toMatchObject({ ok: false, problem: /must be a JSON object/ });
    }
    expect(parsePrefs(JSON.stringify({ big: 'x'.repeat(70_000) }))).toMatchObject({
      ok: false,
      problem: /64 kB/,
    });
  });
});

describe('parseRoles', () => {
  it('splits on commas and spaces, without blanks or duplicates', () => {
    expect(parseRoles(' developer, admin  developer,,')).toEqual(['developer', 'admin']);
    expect(parseRoles('')).toEqual([]);
  });
});
