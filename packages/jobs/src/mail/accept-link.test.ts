import { describe, expect, it } from 'vitest';
import { buildAcceptLink } from './accept-link.ts';

const params = {
  membershipId: 'm1',
  userId: 'u1',
  secret: 'ab'.repeat(4),
  teamId: 't1',
  teamName: 'My Team',
};

describe('buildAcceptLink (docs/appwrite-compatibility.md#the-accept-link)', () => {
  it('appends the parameters form-encoded (space → +) and keeps the fragment', () => {
    expect(buildAcceptLink('http://localhost:5000/join-us#title', params)).toBe(
      'http://localhost:5000/join-us?membershipId=m1&userId=u1&secret=abababab&teamId=t1&teamName=My+Team#title',
    );
  });

  it('merges into an existing query: same-named keys are overwritten in place, others kept', () => {
    expect(buildAcceptLink('https://app.example.com/a/b?ref=mail&teamId=old&x=1+2', params)).toBe(
      'https://app.example.com/a/b?ref=mail&teamId=t1&x=1+2&membershipId=m1&userId=u1&secret=abababab&teamName=My+Team',
    );
  });

  it('keeps user info and port, and encodes like PHP urlencode (only A-Za-z0-9-_. stay)', () => {
    const link = buildAcceptLink('https://user:pw@example.com:8443/', {
      ...params,
      teamName: `R&D "core" ~team* (ü)!'`,
    });
    expect(link).toBe(
      'https://user:pw@example.com:8443/?membershipId=m1&userId=u1&secret=abababab&teamId=t1&teamName=R%26D+%22core%22+%7Eteam%2A+%28%C3%BC%29%21%27',
    );
    expect(new URL(link).searchParams.get('teamName')).toBe(`R&D "core" ~team* (ü)!'`);
  });

  it('works with app schemes', () => {
    expect(buildAcceptLink('appwrite-callback-demo://invite', params)).toBe(
      'appwrite-callback-demo://invite?membershipId=m1&userId=u1&secret=abababab&teamId=t1&teamName=My+Team',
    );
  });
});
