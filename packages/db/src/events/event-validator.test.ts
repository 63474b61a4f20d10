import { describe, expect, it } from 'vitest';
import { generateEvents } from './generate-events.ts';
import { isValidEventPattern } from './event-validator.ts';

describe('isValidEventPattern (Appwrite structural validator)', () => {
  it.each([
    'users.*',
    'users.*.create',
    'users.*.update',
    'users.*.update.email',
    'users.*.update.prefs',
    'users.*.update.labels',
    'users.*.delete',
    'users.*.sessions.*',
    'users.*.sessions.*.create',
    'users.*.sessions.*.delete',
    'users.*.recovery.*.update',
    'users.*.tokens.*.create',
    'users.*.sessions',
    'users.*.sessions.delete',
    'teams.*',
    'teams.*.create',
    'teams.*.update.prefs',
    'teams.*.memberships.*',
    'teams.*.memberships.*.create',
    'teams.*.memberships.*.update.status',
    'teams.T.memberships.M',
    'teams.*.memberships',
    'teams.*.memberships.create',
    'buckets.*',
    'buckets.*.create',
    'buckets.photos.update',
    'buckets.*.delete',
    'buckets.*.files.*',
    'buckets.*.files.*.create',
  ])('accepts %s', (pattern) => {
    expect(isValidEventPattern(pattern)).toBe(true);
  });

  it.each([
    'users',
    'teams',
    'teams.*.update.status',
    'users.*.delete.mfa',
    'users.*.sessions.*.update',
    'users.*.challenges.*.create',
    'users.*.identities.*.delete',
    'users.*.update.unknown',
    'projects.*',
    'teams.*.$resource',
    'teams..create',
    'teams.*.memberships.*.update.role',
    'a.b.c.d.e.f.g.h',
    'buckets',
    'buckets.*.update.name',
    'buckets.*.files.*.update.name',
    'buckets.*.tokens.*.create',
  ])('refuses %s', (pattern) => {
    expect(isValidEventPattern(pattern)).toBe(false);
  });

  it('accepts every name of the bucket events Roster emits', () => {
    for (const action of ['create', 'update', 'delete']) {
      for (const name of generateEvents(`buckets.[bucketId].${action}`, { bucketId: 'photos' })) {
        expect(isValidEventPattern(name), name).toBe(true);
      }
    }
  });

  it('accepts the first name of every membership event Roster emits', () => {
    const names = generateEvents('teams.[teamId].memberships.[membershipId].update.status', {
      teamId: 'T',
      membershipId: 'M',
    });
    expect(isValidEventPattern(names[0]!)).toBe(true);
  });
});
