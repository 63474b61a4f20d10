import { generateEvents, generateId, type EventActor, type RosterEvent } from '@roster/db';
import { useTestRepositories } from '@roster/db/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createActivityLogConsumer } from './consumer.ts';

const db = useTestRepositories();
beforeEach(() => db.store.delete('activityLogs', {}));

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const ada: EventActor = {
  type: 'user',
  userId: 'ada',
  userName: 'Ada',
  userEmail: 'ada@example.com',
  ip: '203.0.113.7',
  userAgent: CHROME,
};

let clock = Date.now() - 60_000;
let sequence = 0;
function event(
  template: string,
  params: Record<string, string>,
  actor: EventActor = ada,
  payload: Record<string, unknown> = {},
): RosterEvent {
  const resource = params.teamId ? `team/${params.teamId}` : `user/${params.userId}`;
  return {
    id: generateId(),
    template,
    params,
    names: generateEvents(template, params),
    payload,
    resource,
    sequence: ++sequence,
    ...(params.teamId ? { teamId: params.teamId } : { userId: params.userId }),
    actor,
    createdAt: new Date((clock += 10)),
  };
}

const consumer = () =>
  createActivityLogConsumer({ activityLogs: db.repos.activityLogs, country: (ip) => (ip ? 'de' : '--') });

describe('the activity log consumer', () => {
  it('records bucket changes under bucket/{bucketId} with the key as actor', async () => {
    const key: EventActor = { ...ada, type: 'keyProject', userId: '', userName: '', userEmail: '' };
    const events = ['create', 'update', 'delete'].map((action) => ({
      ...event(`buckets.[bucketId].${action}`, { bucketId: 'photos' }, key),
      resource: 'bucket/photos',
    }));
    await consumer().consume(events);
    const stored = await db.store.find('activityLogs', { resource: 'bucket/photos' });
    expect(stored.map((entry) => entry.event).sort()).toEqual([
      'bucket.create',
      'bucket.delete',
      'bucket.update',
    ]);
    expect(stored[0]).toMatchObject({ userType: 'keyProject', userId: '' });
    expect(stored[0]?.teamId).toBeUndefined();
  });

  it('records an event once, however often it is delivered (its id is the entry’s)', async () => {
    const created = event('teams.[teamId].create', { teamId: 't1' });
    const logs = consumer();
    await logs.consume([created, created]);
    await logs.consume([created]);
    await Promise.all([
      logs.consume([created]),
      createActivityLogConsumer({ activityLogs: db.repos.activityLogs }).consume([created]),
    ]);
    const stored = await db.store.find('activityLogs', {});
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      _id: created.id,
      event: 'team.create',
      resource: 'team/t1',
      teamId: 't1',
      actorUserId: 'ada',
      userId: 'ada',
      userName: 'Ada',
      userEmail: 'ada@example.com',
      userType: 'user',
      mode: 'default',
      ip: '203.0.113.7',
      osCode: 'WIN',
      clientName: 'Chrome',
      deviceName: 'desktop',
      countryCode: 'de',
      time: created.createdAt,
    });
  });

  it('maps templates to Appwrite’s audit labels and skips those Appwrite does not audit', async () => {
    const templates: [string, Record<string, string>, string | null][] = [
      ['teams.[teamId].update', { teamId: 't1' }, 'team.update'],
      ['teams.[teamId].update.prefs', { teamId: 't1' }, 'team.update'],
      [
        'teams.[teamId].memberships.[membershipId].create',
        { teamId: 't1', membershipId: 'm1' },
        'membership.create',
      ],
      [
        'teams.[teamId].memberships.[membershipId].update.status',
        { teamId: 't1', membershipId: 'm1' },
        'membership.update',
      ],
      [
        'teams.[teamId].memberships.[membershipId].delete',
        { teamId: 't1', membershipId: 'm1' },
        'membership.delete',
      ],
      ['users.[userId].create', { userId: 'ada' }, 'user.create'],
      ['users.[userId].update.name', { userId: 'ada' }, 'user.update'],
      ['users.[userId].sessions.[sessionId].create', { userId: 'ada', sessionId: 's1' }, 'session.create'],
      ['users.[userId].sessions.[sessionId].delete', { userId: 'ada', sessionId: 's1' }, 'session.delete'],
      ['teams.[teamId].memberships.[membershipId].delivery.sent', { teamId: 't1', membershipId: 'm1' }, null],
    ];
    const events = templates.map(([template, params]) => event(template, params));
    await consumer().consume(events);
    const stored = await db.store.find('activityLogs', {});
    const byId = new Map(stored.map((entry) => [entry._id, entry]));
    templates.forEach(([, params, label], index) => {
      const entry = byId.get(events[index]!.id);
      if (label === null) return expect(entry).toBeUndefined();
      expect(entry).toMatchObject({
        event: label,
        resource: params.teamId ? `team/${params.teamId}` : `user/${params.userId}`,
      });
    });
  });

  it('a team log holds the team’s entries newest first; a user’s holds what that user did', async () => {
    const key: EventActor = {
      type: 'keyProject',
      userId: '',
      userName: 'CI key',
      userEmail: '',
      ip: '10.0.0.1',
      userAgent: '',
    };
    const events = [
      event('teams.[teamId].create', { teamId: 't1' }),
      event('teams.[teamId].memberships.[membershipId].create', { teamId: 't1', membershipId: 'm1' }, key),
      event('teams.[teamId].create', { teamId: 't2' }),
      event('users.[userId].update.name', { userId: 'bob' }, key),
    ];
    await consumer().consume(events);
    const team = db.repos.activityLogs.ofTeam('t1');
    expect(await team.count(100)).toBe(2);
    expect((await team.find(0, 10)).map((entry) => entry.event)).toEqual([
      'membership.create',
      'team.create',
    ]);
    expect((await team.find(1, 10)).map((entry) => entry._id)).toEqual([events[0]!.id]);
    const mine = db.repos.activityLogs.byUser('ada');
    expect((await mine.find(0, 10)).map((entry) => entry._id)).toEqual([events[2]!.id, events[0]!.id]);
    // Actions by a key on Bob are not in Bob's log (Appwrite selects on the actor).
    expect(await db.repos.activityLogs.byUser('bob').count(100)).toBe(0);
    const keyEntry = (await team.find(0, 1))[0]!;
    expect(keyEntry).toMatchObject({
      userType: 'keyProject',
      userName: 'CI key',
      clientName: '',
      osName: '',
    });
    expect(keyEntry.actorUserId).toBeUndefined();
  });

  it('a deleted team’s log is not shown to a new team with the same id', async () => {
    await consumer().consume([
      event('teams.[teamId].create', { teamId: 'reused' }),
      event('teams.[teamId].delete', { teamId: 'reused' }),
    ]);
    expect(await db.repos.activityLogs.ofTeam('reused').count(100)).toBe(0);
    const recreated = event('teams.[teamId].create', { teamId: 'reused' });
    await consumer().consume([recreated]);
    expect((await db.repos.activityLogs.ofTeam('reused').find(0, 10)).map((entry) => entry._id)).toEqual([
      recreated.id,
    ]);
    // The deleted team's entries stay (until retention), under their resource.
    expect(await db.store.find('activityLogs', { resource: 'team/reused' })).toHaveLength(3);
  });

  it('a deleted user’s own actions are not shown to a new user with the same id', async () => {
    const carol: EventActor = { ...ada, userId: 'carol', userName: 'Carol' };
    await consumer().consume([
      event('users.[userId].create', { userId: 'carol' }, carol),
      event('teams.[teamId].create', { teamId: 't9' }, carol),
      event('users.[userId].delete', { userId: 'carol' }, carol),
    ]);
    expect(await db.repos.activityLogs.byUser('carol').count(100)).toBe(0);
    // The team's log still names who did it.
    expect((await db.repos.activityLogs.ofTeam('t9').find(0, 1))[0]).toMatchObject({ userId: 'carol' });
  });

  it('an action delivered after its actor’s deletion (another resource, no order between them) is detached too', async () => {
    const dave: EventActor = { ...ada, userId: 'dave', userName: 'Dave' };
    const acted = event('teams.[teamId].update', { teamId: 't10' }, dave);
    const deleted = event('users.[userId].delete', { userId: 'dave' }, dave);
    await consumer().consume([deleted]);
    await consumer().consume([acted]);
    expect(await db.repos.activityLogs.byUser('dave').count(100)).toBe(0);
    // A later action of a new user with that id is theirs.
    const reborn = event('teams.[teamId].update', { teamId: 't10' }, dave);
    await consumer().consume([reborn]);
    expect((await db.repos.activityLogs.byUser('dave').find(0, 10)).map((entry) => entry._id)).toEqual([
      reborn.id,
    ]);
  });

  it('a guest who signs up, signs in or accepts is recorded as that user; other guests stay guests', async () => {
    const guest: EventActor = {
      type: 'guest',
      userId: '',
      userName: '',
      userEmail: '',
      ip: '203.0.113.9',
      userAgent: '',
    };
    const events = [
      event('users.[userId].create', { userId: 'erin' }, guest, {
        $id: 'erin',
        name: 'Erin',
        email: 'erin@example.com',
      }),
      event('users.[userId].sessions.[sessionId].create', { userId: 'erin', sessionId: 's9' }, guest, {
        userId: 'erin',
      }),
      event(
        'teams.[teamId].memberships.[membershipId].update.status',
        { teamId: 't11', membershipId: 'm11' },
        guest,
        {
          userId: 'erin',
          userName: 'Erin',
          userEmail: 'erin@example.com',
        },
      ),
      event('teams.[teamId].update', { teamId: 't11' }, guest),
    ];
    await consumer().consume(events);
    const erin = await db.repos.activityLogs.byUser('erin').find(0, 10);
    expect(erin.map((entry) => [entry.event, entry.userType, entry.userEmail, entry.ip])).toEqual([
      ['membership.update', 'user', 'erin@example.com', '203.0.113.9'],
      ['session.create', 'user', '', '203.0.113.9'],
      ['user.create', 'user', 'erin@example.com', '203.0.113.9'],
    ]);
    const other = await db.repos.activityLogs.byId(events[3]!.id);
    expect(other).toMatchObject({ userType: 'guest', userId: '' });
  });

  it('a team deleted and created again within one batch: the new team’s log holds only its own entries', async () => {
    const old = event('teams.[teamId].create', { teamId: 'again' });
    const gone = event('teams.[teamId].delete', { teamId: 'again' });
    const anew = event('teams.[teamId].create', { teamId: 'again' });
    await consumer().consume([old, gone, anew]);
    expect((await db.repos.activityLogs.ofTeam('again').find(0, 10)).map((entry) => entry._id)).toEqual([
      anew.id,
    ]);
  });
});
