import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { appwriteValidationMessage } from './appwrite-message.ts';
import {
  phpJsonLength,
  zCustomId,
  zEmail,
  zLooseBoolean,
  zPhone,
  zRange,
  zRoles,
  zText,
  zUid,
} from './params.ts';

/** The Appwrite message for `input` against `{ [name]: schema }`, or 'ok'. */
function messageFor(schema: z.ZodType, input: Record<string, unknown>): string {
  const result = z.object({ value: schema }).safeParse(input);
  return result.success ? 'ok' : appwriteValidationMessage(result.error);
}

describe('Appwrite parameter validators', () => {
  it('names a missing parameter', () => {
    expect(messageFor(zUid(), {})).toBe('Param "value" is not optional.');
  });

  it('UIDs: 1–36 of a-zA-Z0-9._-, not starting with a special character', () => {
    expect(messageFor(zUid(), { value: 'a.b-c_d' })).toBe('ok');
    expect(messageFor(zUid(), { value: 'x'.repeat(36) })).toBe('ok');
    for (const bad of ['', '_a', '.a', 'x'.repeat(37), 'a b', 'é']) {
      expect(messageFor(zUid(), { value: bad })).toMatch(
        /^Invalid `value` param: UID must contain at most 36 chars/,
      );
    }
  });

  it('integer ranges: numbers and numeric strings within bounds, Appwrite’s message otherwise', () => {
    for (const good of [0, 900, 3600, '60']) expect(messageFor(zRange(0, 3600), { value: good })).toBe('ok');
    for (const bad of [-1, 3601, 1.5, '1.5', 'x', true, null, '']) {
      expect(messageFor(zRange(0, 3600), { value: bad })).toBe(
        'Invalid `value` param: Value must be a valid range between 0 and 3,600',
      );
    }
    expect(z.object({ value: zRange(0, 3600) }).parse({ value: '60' }).value).toBe(60);
  });

  it('custom ids accept unique()', () => {
    expect(messageFor(zCustomId(), { value: 'unique()' })).toBe('ok');
    expect(messageFor(zCustomId(), { value: 'unique' })).toBe('ok');
    expect(messageFor(zCustomId(), { value: '-x' })).toMatch(/Can't start with a special char$/);
  });

  it('text counts characters, not bytes or UTF-16 units, with a minimum of 1', () => {
    expect(messageFor(zText(3), { value: '😀😀😀' })).toBe('ok');
    expect(messageFor(zText(3), { value: '😀😀😀😀' })).toBe(
      'Invalid `value` param: Value must be a valid string and at least 1 chars and no longer than 3 chars',
    );
    expect(messageFor(zText(3), { value: '' })).toMatch(/at least 1 chars/);
  });

  it('roles: the array wording wraps the element rule, for a bad element and for too many', () => {
    const expected =
      "Invalid `value` param: Value must a valid array no longer than 100 items and Parameter must contain at most 81 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char";
    expect(messageFor(zRoles(), { value: ['owner', 'bad role'] })).toBe(expected);
    expect(messageFor(zRoles(), { value: Array.from({ length: 101 }, (_, i) => `r${i}`) })).toBe(expected);
    expect(messageFor(zRoles(), { value: [] })).toBe('ok');
  });

  it('emails and E.164 phones', () => {
    expect(messageFor(zEmail(), { value: 'ada@example.com' })).toBe('ok');
    expect(messageFor(zEmail(), { value: 'ada@' })).toBe(
      'Invalid `value` param: Value must be a valid email address',
    );
    expect(messageFor(zPhone(), { value: '+14155550123' })).toBe('ok');
    expect(messageFor(zPhone(), { value: '14155550123' })).toMatch(/Phone number must start with a '\+'/);
  });

  it("loose booleans: true/false, 'true'/'false', '1'/'0', 1/0", () => {
    const parse = (value: unknown) => zLooseBoolean().parse(value);
    expect([true, 'true', '1', 1].map(parse)).toEqual([true, true, true, true]);
    expect([false, 'false', '0', 0].map(parse)).toEqual([false, false, false, false]);
    expect(zLooseBoolean().safeParse('yes').success).toBe(false);
  });

  it("measures prefs as PHP's json_encode would: escaped slashes and \\u escapes", () => {
    expect(phpJsonLength({ a: 'b' })).toBe(9);
    expect(phpJsonLength({ a: 'x/y' })).toBe(12);
    expect(phpJsonLength({ a: 'é' })).toBe(14);
  });
});
