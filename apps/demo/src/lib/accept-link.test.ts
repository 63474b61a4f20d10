import { describe, expect, it } from 'vitest';
import { parseAcceptLink } from './accept-link.ts';

describe('parseAcceptLink', () => {
  it('reads the parameters of an invitation link (form-encoded team name)', () => {
    const url = new URL(
      'http://localhost:5173/accept?membershipId=m1&userId=u1&secret=abc&teamId=t1&teamName=My+Team',
    );
    expect(parseAcceptLink(url.searchParams)).toEqual({
      membershipId: 'm1',
      userId: 'u1',
      secret: 'abc',
      teamId: 't1',
      teamName: 'My Team',
    });
  });

  it('is null when a required parameter is missing', () => {
    expect(parseAcceptLink(new URLSearchParams('membershipId=m1&userId=u1&teamId=t1'))).toBeNull();
  });
});
