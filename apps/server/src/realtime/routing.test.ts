import { describe, expect, it } from 'vitest';
import { decodeRealtimeEvent, encodeRealtimeEvent } from '@roster/jobs';
import { generateEvents, type RosterEvent } from '@roster/db';
import { channelsOf, connectionChannels, publicPayload, realtimeTimestamp, targetOf } from './routing.ts';

const channels = (template: string, params: Record<string, string>) =>
  channelsOf(targetOf({ template, params }));

describe('event channels (Appwrite’s table, from the template)', () => {
  it('teams, memberships and account events with their action forms', () => {
    expect(channels('teams.[teamId].create', { teamId: 'T' })).toEqual([
      'teams',
      'teams.T',
      'teams.create',
      'teams.T.create',
    ]);
    expect(channels('teams.[teamId].update.prefs', { teamId: 'T' })).toEqual([
      'teams',
      'teams.T',
      'teams.update',
      'teams.T.update',
    ]);
    expect(
      channels('teams.[teamId].memberships.[membershipId].update.status', { teamId: 'T', membershipId: 'M' }),
    ).toEqual(['memberships', 'memberships.M', 'memberships.update', 'memberships.M.update']);
    expect(channels('users.[userId].update.email', { userId: 'U' })).toEqual([
      'account',
      'account.U',
      'account.update',
      'account.U.update',
    ]);
  });

  it('session events are on account and account.U only; unknown types on nothing', () => {
    expect(channels('users.[userId].sessions.[sessionId].create', { userId: 'U', sessionId: 'S' })).toEqual([
      'account',
      'account.U',
    ]);
    expect(channels('buckets.[bucketId].create', { bucketId: 'B' })).toEqual([]);
  });

  it('bucket events are on no channel (Appwrite has none for buckets)', () => {
    for (const action of ['create', 'update', 'delete']) {
      const target = targetOf({ template: `buckets.[bucketId].${action}`, params: { bucketId: 'photos' } });
      expect(channelsOf(target)).toEqual([]);
    }
  });

  it('ids with dots route to their own team (Appwrite splits the name and loses them)', () => {
    expect(targetOf({ template: 'teams.[teamId].update', params: { teamId: 'my.team' } })).toEqual({
      kind: 'team',
      teamId: 'my.team',
      action: 'update',
    });
  });
});

describe('subscription channels', () => {
  it('account is bound to the signed-in user; naming another account is dropped', () => {
    expect(
      connectionChannels(['account', 'account.delete', 'account.V', 'account.V.update', 'teams'], 'U'),
    ).toEqual(['account', 'account.U', 'account.U.delete', 'teams']);
    expect(connectionChannels(['account', 'account.delete'], undefined)).toEqual([
      'account',
      'account.delete',
    ]);
  });
});

describe('payload and wire format', () => {
  it('secrets and hashes never leave; Appwrite’s timestamp format', () => {
    expect(publicPayload({ $id: 'S', secret: 'x', password: 'h', hash: 'argon2', name: 'n' })).toEqual({
      $id: 'S',
      name: 'n',
    });
    expect(realtimeTimestamp(new Date('2026-08-21T10:15:30.123Z'))).toBe('2026-08-21T10:15:30.123+00:00');
  });

  it('an event survives the Redis wire unchanged; anything else is not an event', () => {
    const event: RosterEvent = {
      id: 'e1',
      template: 'teams.[teamId].update',
      params: { teamId: 'T' },
      names: generateEvents('teams.[teamId].update', { teamId: 'T' }),
      payload: { $id: 'T', name: 'n' },
      resource: 'team/T',
      sequence: 3,
      teamId: 'T',
      actor: { type: 'user', userId: 'U', userName: '', userEmail: '', ip: '127.0.0.1', userAgent: '' },
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    };
    expect(decodeRealtimeEvent(encodeRealtimeEvent(event))).toEqual(event);
    expect(decodeRealtimeEvent('{"id":"x"}')).toBeUndefined();
    expect(decodeRealtimeEvent('nope')).toBeUndefined();
  });
});
