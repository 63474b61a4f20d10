import { describe, expect, it } from 'vitest';
import { describeRowError, parseAddresses } from './bulk-invite.ts';

describe('parseAddresses', () => {
  it('splits on newlines, commas and semicolons, trims, drops blanks and keeps malformed entries', () => {
    expect(parseAddresses('a@example.com, b@example.com\n\n c@example.com;not-an-email\r\n')).toEqual([
      'a@example.com',
      'b@example.com',
      'c@example.com',
      'not-an-email',
    ]);
  });

  it('takes the address out of "Name <address>"', () => {
    expect(parseAddresses('Ada Lovelace <ada@example.com>\nbob@example.com')).toEqual([
      'ada@example.com',
      'bob@example.com',
    ]);
  });
});

describe('describeRowError', () => {
  it('says what was wrong from the type and field, and names duplicates', () => {
    expect(
      describeRowError({
        type: 'general_argument_invalid',
        message: 'Invalid `email` param: Value must be a valid email address',
      }),
    ).toBe('Enter a valid email address.');
    expect(describeRowError({ type: 'general_argument_invalid', message: 'Same invitee as row 0' })).toBe(
      'This address is listed twice.',
    );
  });
});
