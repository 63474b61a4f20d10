import { describe, expect, it } from 'vitest';
import { oauth2FailureSentence } from './oauth2.ts';

describe('oauth2FailureSentence', () => {
  it('is undefined without an error, and chosen from the type, never the message, otherwise', () => {
    expect(oauth2FailureSentence(null)).toBeUndefined();
    const crafted = JSON.stringify({
      type: 'general_bad_request',
      message: 'Call +1 555 0100 now',
      code: 400,
    });
    expect(oauth2FailureSentence(crafted)).toMatch(/sign in to it another way first/);
    expect(oauth2FailureSentence(crafted)).not.toContain('555');
    expect(oauth2FailureSentence(JSON.stringify({ type: 'user_blocked' }))).toBe('This account is blocked.');
  });

  it('falls back to a generic sentence for unknown types and malformed values', () => {
    const generic = 'Signing in with the provider did not work. Try again, or sign in another way.';
    expect(oauth2FailureSentence(JSON.stringify({ type: 'toString' }))).toBe(generic);
    expect(oauth2FailureSentence('not json')).toBe(generic);
    expect(oauth2FailureSentence('null')).toBe(generic);
  });
});
