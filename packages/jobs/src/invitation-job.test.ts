import { describe, expect, it } from 'vitest';
import { InvitationJobData, invitationJobId } from './invitation-job.ts';

describe('invitation jobs', () => {
  it('have one deterministic id per membership and secret version, without ":"', () => {
    const id = invitationJobId({ membershipId: 'm.1-a_b', secretVersion: 'v1' });
    expect(id).toBe('invite/m.1-a_b/v1');
    expect(id).not.toContain(':');
  });

  it('carry ids only, validated', () => {
    expect(InvitationJobData.parse({ membershipId: 'm1', secretVersion: 'abc' })).toEqual({
      membershipId: 'm1',
      secretVersion: 'abc',
    });
    expect(InvitationJobData.safeParse({ membershipId: 'a/b', secretVersion: 'v' }).success).toBe(false);
    expect(InvitationJobData.safeParse({ membershipId: 'm', secretVersion: 'v/1' }).success).toBe(false);
    expect(InvitationJobData.safeParse({ membershipId: 'm' }).success).toBe(false);
  });
});
