import { describe, expect, it } from 'vitest';
import { deriveInvitationSecret } from './invitation-secret.ts';

const KEY = 'k'.repeat(32);

describe('deriveInvitationSecret', () => {
  it('is 256 lowercase hex characters', () => {
    expect(deriveInvitationSecret(KEY, 'm1', 'v1')).toMatch(/^[0-9a-f]{256}$/);
  });

  it('is stable for one membership and version, and differs across versions, memberships and keys', () => {
    const base = deriveInvitationSecret(KEY, 'm1', 'v1');
    expect(deriveInvitationSecret(KEY, 'm1', 'v1')).toBe(base);
    expect(deriveInvitationSecret(KEY, 'm1', 'v2')).not.toBe(base);
    expect(deriveInvitationSecret(KEY, 'm2', 'v1')).not.toBe(base);
    expect(deriveInvitationSecret('x'.repeat(32), 'm1', 'v1')).not.toBe(base);
  });
});
