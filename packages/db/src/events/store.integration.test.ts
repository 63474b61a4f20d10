import { describe, expect, it } from 'vitest';
import { generateId } from '../ids.ts';
import { createRepositories } from '../repositories/index.ts';
import { useTestRepositories } from '../testing.ts';
import { type EventActor } from './event.ts';
import { withMarker } from './marker.ts';
import { type EventDraft } from './store.ts';

const db = useTestRepositories();

const actor: EventActor = {
  type: 'keyProject',
  userId: '',
  userName: '',
  userEmail: '',
  ip: '127.0.0.1',
  userAgent: 'test',
};

const later = () => new Date(Date.now() + 60_000);

function teamDraft(teamId: string, template: string, kind: 'write' | 'delete' = 'write'): EventDraft {
  return {
    template,
    params: { teamId },
    resource: `team/${teamId}`,
    teamId,
    actor,
    requestId: 'req-1',
    target: { collection: 'teams', filter: { _id: teamId }, kind },
  };
}

async function createTeam(teamId: string) {
  return db.repos.events.record(
    teamDraft(teamId, 'teams.[teamId].create'),
    () => db.repos.teams.create({ id: teamId, chosenId: true, name: 'Team' }),
    (team) => (team ? { payload: { $id: team._id, name: team.name } } : null),
  );
}

describe('event outbox: recording', () => {
  it('commits the event of a change that happened, with its names, payload and a marked document', async () => {
    const teamId = generateId();
    await createTeam(teamId);
    const [event] = await db.repos.events.ofResource(`team/${teamId}`);
    expect(event).toMatchObject({
      state: 'ready',
      template: 'teams.[teamId].create',
      names: [`teams.${teamId}.create`, 'teams.*.create', `teams.${teamId}`, 'teams.*'],
      payload: { $id: teamId, name: 'Team' },
      sequence: 1,
      actor,
      requestId: 'req-1',
    });
    expect((await db.store.findOne('teams', { _id: teamId })) as unknown).toMatchObject({
      eventId: event!.id,
    });
  });

  it('records nothing for a change that throws, or that changed nothing (duplicate id)', async () => {
    const teamId = generateId();
    await expect(
      db.repos.events.record(
        teamDraft(teamId, 'teams.[teamId].create'),
        () => Promise.reject(new Error('database said no')),
        () => ({ payload: {} }),
      ),
    ).rejects.toThrow('database said no');
    expect(await db.repos.events.ofResource(`team/${teamId}`)).toEqual([]);

    await createTeam(teamId);
    await createTeam(teamId); // the id is taken: `teams.create` returns null
    const events = await db.repos.events.ofResource(`team/${teamId}`);
    expect(events.map((event) => event.template)).toEqual(['teams.[teamId].create']);
  });

  it('concurrent changes of one resource get strictly increasing sequences, no duplicates', async () => {
    const teamId = generateId();
    await createTeam(teamId);
    await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        db.repos.events.record(
          teamDraft(teamId, 'teams.[teamId].update'),
          () => db.repos.teams.rename({ _id: teamId }, `Name ${index}`),
          (team) => (team ? { payload: { name: team.name } } : null),
        ),
      ),
    );
    const sequences = (await db.repos.events.ofResource(`team/${teamId}`)).map((event) => event.sequence);
    expect(sequences).toEqual(Array.from({ length: 17 }, (_, index) => index + 1));
  });

  it('fills a param only the change knows (a new document id) from the outcome', async () => {
    const teamId = generateId();
    const userId = generateId();
    await db.repos.events.record(
      {
        template: 'teams.[teamId].memberships.[membershipId].create',
        params: { userId, teamId, membershipId: '' },
        resource: `team/${teamId}`,
        actor,
        target: { collection: 'memberships', filter: { teamId, userId }, kind: 'write' },
        idParam: 'membershipId',
      },
      () =>
        db.store.insert('memberships', {
          _id: 'm-1',
          teamId,
          userId,
          roles: [],
          invited: new Date(),
          confirm: true,
          search: 'x',
        }),
      (membership) => ({ payload: { $id: membership._id }, params: { membershipId: membership._id } }),
    );
    const [event] = await db.repos.events.ofResource(`team/${teamId}`);
    expect(event!.params).toEqual({ userId, teamId, membershipId: 'm-1' });
    expect(event!.names[0]).toBe(`teams.${teamId}.memberships.m-1.create`);
  });
});

describe('event outbox: the sweeper (a process died between the steps)', () => {
  it('commits a pending event whose change happened (marker found), as recovered', async () => {
    const teamId = generateId();
    await createTeam(teamId);
    const draft = teamDraft(teamId, 'teams.[teamId].update');
    draft.payload = { $id: teamId, name: 'Before the crash' };
    const id = await db.repos.events.internals.prepare(draft);
    // The change is written, then the process dies: no commit.
    await withMarker({ eventId: id, collection: 'teams', filter: { _id: teamId } }, () =>
      db.repos.teams.rename({ _id: teamId }, 'Renamed'),
    );
    expect(await db.store.findOne('teams', { _id: teamId })).toMatchObject({ name: 'Renamed', eventId: id });
    expect((await db.repos.events.nextFor(undefined, 1000)).map((open) => open.event.id)).not.toContain(id);

    // Not yet past the grace period: left alone.
    expect(await db.repos.events.resolvePending({ olderThan: new Date(0), limit: 100 })).toEqual({
      committed: 0,
      discarded: 0,
    });
    const swept = await db.repos.events.resolvePending({ olderThan: later(), limit: 100 });
    expect(swept.committed).toBeGreaterThanOrEqual(1);
    const event = (await db.repos.events.ofResource(`team/${teamId}`)).find((entry) => entry.id === id);
    expect(event).toMatchObject({ state: 'ready', recovered: true, payload: draft.payload });
  });

  it('discards a pending event whose change never ran, or was overwritten by a later change', async () => {
    const teamId = generateId();
    await createTeam(teamId);
    const never = await db.repos.events.internals.prepare(teamDraft(teamId, 'teams.[teamId].update'));
    const overwritten = await db.repos.events.internals.prepare(teamDraft(teamId, 'teams.[teamId].update'));
    await withMarker({ eventId: overwritten, collection: 'teams', filter: { _id: teamId } }, () =>
      db.repos.teams.rename({ _id: teamId }, 'First'),
    );
    await db.repos.events.record(
      teamDraft(teamId, 'teams.[teamId].update'),
      () => db.repos.teams.rename({ _id: teamId }, 'Second'),
      (team) => (team ? { payload: { name: team.name } } : null),
    );
    await db.repos.events.resolvePending({ olderThan: later(), limit: 100 });
    const events = await db.repos.events.ofResource(`team/${teamId}`);
    expect(events.map((event) => event.id)).not.toContain(never);
    expect(events.map((event) => event.id)).not.toContain(overwritten);
    expect(events.map((event) => event.sequence)).toEqual([1, 4]);
    expect(events.every((event) => event.state === 'ready')).toBe(true);
  });

  it('commits a pending delete whose document is gone, keeps one whose document is there', async () => {
    const deleted = generateId();
    const kept = generateId();
    const team = await createTeam(deleted);
    await createTeam(kept);
    const gone = await db.repos.events.internals.prepare(
      teamDraft(deleted, 'teams.[teamId].delete', 'delete'),
    );
    await db.repos.teams.delete(team!);
    const notGone = await db.repos.events.internals.prepare(
      teamDraft(kept, 'teams.[teamId].delete', 'delete'),
    );
    await db.repos.events.resolvePending({ olderThan: later(), limit: 100 });
    expect(
      (await db.repos.events.ofResource(`team/${deleted}`)).find((event) => event.id === gone),
    ).toMatchObject({
      state: 'ready',
      recovered: true,
    });
    expect((await db.repos.events.ofResource(`team/${kept}`)).map((event) => event.id)).not.toContain(
      notGone,
    );
  });
});

describe('event outbox: order', () => {
  it('does not hand out event n+1 of a resource while event n is pending; other resources flow', async () => {
    const blockedTeam = generateId();
    const freeTeam = generateId();
    await createTeam(blockedTeam);
    await createTeam(freeTeam);
    const consumer = `order-${generateId()}`;
    await db.repos.events.markDelivered(await db.repos.events.nextFor(consumer, 1000), consumer, [consumer]);

    const pending = await db.repos.events.internals.prepare(teamDraft(blockedTeam, 'teams.[teamId].update'));
    await db.repos.events.record(
      teamDraft(blockedTeam, 'teams.[teamId].update'),
      () => db.repos.teams.rename({ _id: blockedTeam }, 'After'),
      (team) => (team ? { payload: {} } : null),
    );
    await db.repos.events.record(
      teamDraft(freeTeam, 'teams.[teamId].update'),
      () => db.repos.teams.rename({ _id: freeTeam }, 'Free'),
      (team) => (team ? { payload: {} } : null),
    );
    const next = (await db.repos.events.nextFor(consumer, 1000)).map((open) => open.event);
    expect(next.map((event) => event.resource)).toEqual([`team/${freeTeam}`]);

    // The pending one is committed late: both of the blocked team's events come, in order.
    await db.repos.events.internals.commit(pending, teamDraft(blockedTeam, 'teams.[teamId].update'), {
      payload: {},
    });
    const after = (await db.repos.events.nextFor(consumer, 1000))
      .map((open) => open.event)
      .filter((event) => event.resource === `team/${blockedTeam}`);
    expect(after.map((event) => event.sequence)).toEqual([2, 3]);
  });
});

describe('event outbox: positions (positions.ts)', () => {
  const otherProcess = () => createRepositories(db.connection).events;

  it('a process whose remembered position is stale lands after the top, never in a discarded hole', async () => {
    const teamId = generateId();
    const draft = () => teamDraft(teamId, 'teams.[teamId].update');
    const first = otherProcess();
    const second = otherProcess();
    await first.internals.prepare(draft()); // 1: `first` now remembers 1
    const discarded = await second.internals.prepare(draft()); // 2
    const kept = await second.internals.prepare(draft()); // 3
    await second.internals.discard(discarded);
    // `first` tries 2, which a deleted discard would have freed under the kept 3.
    const late = await first.internals.prepare(draft());
    const events = await db.repos.events.ofResource(`team/${teamId}`);
    expect(events.map((event) => event.sequence)).toEqual([1, 3, 4]);
    expect(events.slice(1).map((event) => event.id)).toEqual([kept, late]);
  });

  it('three processes preparing at once on one resource: distinct, increasing positions in each process’s order', async () => {
    const teamId = generateId();
    const processes = [otherProcess(), otherProcess(), otherProcess()];
    const ids = await Promise.all(
      processes.map((events) =>
        Promise.all(
          Array.from({ length: 15 }, () =>
            events.internals.prepare(teamDraft(teamId, 'teams.[teamId].update')),
          ),
        ),
      ),
    );
    const sequenceOf = new Map(
      (await db.repos.events.ofResource(`team/${teamId}`)).map((event) => [event.id, event.sequence]),
    );
    expect(sequenceOf.size).toBe(45);
    expect(new Set(sequenceOf.values()).size).toBe(45);
    for (const mine of ids) {
      const sequences = mine.map((id) => sequenceOf.get(id)!);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
  });

  it('events of one resource prepared together in a process share one insert', async () => {
    const teamId = generateId();
    const events = db.connection.collection('events');
    let inserts = 0;
    const insertMany = events.insertMany.bind(events);
    const counting: typeof insertMany = (documents, options) => {
      inserts++;
      return insertMany(documents, options);
    };
    events.insertMany = counting;
    try {
      await Promise.all(
        Array.from({ length: 30 }, () =>
          db.repos.events.internals.prepare(teamDraft(teamId, 'teams.[teamId].update')),
        ),
      );
    } finally {
      events.insertMany = insertMany;
    }
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThanOrEqual(2);
    const sequences = (await db.repos.events.ofResource(`team/${teamId}`)).map((event) => event.sequence);
    expect(sequences).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
  });
  it('events of many resources whose positions the process knows share one insert; a collision in it sends only that resource alone', async () => {
    const events = db.connection.collection('events');
    let inserts = 0;
    const insertMany = events.insertMany.bind(events);
    const counting: typeof insertMany = (documents, options) => {
      inserts++;
      return insertMany(documents, options);
    };
    const teams = Array.from({ length: 40 }, () => generateId());
    const prepareAll = (store = db.repos.events) =>
      Promise.all(
        teams.map((teamId) =>
          store.internals.prepare({ ...teamDraft(teamId, 'teams.[teamId].update'), newResource: true }),
        ),
      );
    events.insertMany = counting;
    try {
      await prepareAll();
    } finally {
      events.insertMany = insertMany;
    }
    expect(inserts).toBe(1);

    // Another process wrote the 20th team since: this one's remembered top is stale there only.
    await createRepositories(db.connection).events.internals.prepare(
      teamDraft(teams[19]!, 'teams.[teamId].update'),
    );
    await prepareAll();
    for (const [index, teamId] of teams.entries()) {
      const sequences = (await db.repos.events.ofResource(`team/${teamId}`)).map((event) => event.sequence);
      expect(sequences).toEqual(index === 19 ? [1, 2, 3] : [1, 2]);
    }
  });
});

describe('event outbox: new resources (positions.ts)', () => {
  it('a resource created under a generated id starts at 1 unread; a wrong claim of newness lands after the top', async () => {
    const teamId = generateId();
    const events = db.connection.collection('events');
    let reads = 0;
    const findOne = events.findOne.bind(events);
    const counting = ((...args: Parameters<typeof findOne>) => {
      reads++;
      return findOne(...args);
    }) as typeof findOne;
    events.findOne = counting;
    try {
      await db.repos.events.internals.prepare({
        ...teamDraft(teamId, 'teams.[teamId].create'),
        newResource: true,
      });
    } finally {
      events.findOne = findOne;
    }
    expect(reads).toBe(0);

    const reused = generateId();
    await createRepositories(db.connection).events.internals.prepare(
      teamDraft(reused, 'teams.[teamId].update'),
    );
    await db.repos.events.internals.prepare({
      ...teamDraft(reused, 'teams.[teamId].create'),
      newResource: true,
    });
    const sequences = (await db.repos.events.ofResource(`team/${reused}`)).map((event) => event.sequence);
    expect(sequences).toEqual([1, 2]);
    expect((await db.repos.events.ofResource(`team/${teamId}`)).map((event) => event.sequence)).toEqual([1]);
  });
});
