/**
 * The stored team `total` (totals.ts, docs/database.md#team-totals): moved by what each membership
 * write did, under the team's lock with the write, so concurrent changes cannot leave it off, and
 * healed when a process died between a membership write and its update of the total.
 */
import { describe, expect, it } from 'vitest';
import { generateId } from './ids.ts';
import { createRepositories } from './repositories/index.ts';
import { useTestRepositories } from './testing.ts';

const db = useTestRepositories();

async function newTeam(name = 'race') {
  const team = await db.repos.teams.create({ id: generateId(), chosenId: false, name });
  if (!team) throw new Error('team id taken');
  return team;
}

async function newUser() {
  const user = await db.repos.users.create({ id: generateId(), chosenId: false, name: 'u' });
  if (!user) throw new Error('user id taken');
  return user;
}

const confirmed = { roles: [], confirm: true, invited: new Date(), joined: new Date() };
const pending = { roles: [], confirm: false, invited: new Date(), secretHash: 'x' };

/** Writes a membership by key: confirmed at once, or pending (an email invitation). */
async function invite(team: { _id: string; epoch?: string | null }, confirm: boolean) {
  const user = await newUser();
  const written = await db.repos.memberships.writeInvitation(team, user, {
    fresh: () => (confirm ? confirmed : pending),
    again: () => (confirm ? confirmed : pending),
  });
  if (written.kind !== 'written') throw new Error(written.kind);
  return { user, membership: written.membership };
}

const storedTotal = async (teamId: string) => (await db.repos.teams.byId(teamId))?.total;
const realCount = (teamId: string) => db.store.count('memberships', { teamId, confirm: true });

describe('stored team totals', () => {
  it('a new team stores 0; a creator, key-created members, accepts and deletes move it', async () => {
    const team = await newTeam();
    expect(await storedTotal(team._id)).toBe(0);
    await db.repos.memberships.addCreator(team, await newUser(), ['owner']);
    expect(await storedTotal(team._id)).toBe(1);
    const { membership: member } = await invite(team, true);
    const { membership: invited } = await invite(team, false);
    expect(await storedTotal(team._id)).toBe(2);
    await db.repos.memberships.confirm(invited);
    expect(await storedTotal(team._id)).toBe(3);
    await db.repos.memberships.delete(member);
    expect(await storedTotal(team._id)).toBe(2);
  });

  it('each kind of change moves the total by what it did, a no-op by 0', async () => {
    const team = await newTeam();
    const total = () => storedTotal(team._id);
    const { memberships, users } = db.repos;

    await memberships.addCreator(team, await newUser(), ['owner']);
    expect(await total()).toBe(1); // creator +1
    const { membership: keyMember } = await invite(team, true);
    expect(await total()).toBe(2); // key-created confirmed member +1
    const { membership: a, user: aUser } = await invite(team, false);
    const { membership: b } = await invite(team, false);
    expect(await total()).toBe(2); // pending invitations 0

    // Re-inviting a pending one by session stays pending: 0.
    const again = await memberships.writeInvitation(team, aUser, {
      fresh: () => pending,
      again: () => pending,
    });
    expect(again.kind).toBe('written');
    expect(await total()).toBe(2);
    expect((await memberships.confirm(a))?.confirm).toBe(true);
    expect(await total()).toBe(3); // accept of a pending one +1
    expect((await memberships.confirm(a))?.confirm).toBe(true);
    expect(await total()).toBe(3); // accepting twice: 0
    expect(
      (await memberships.writeInvitation(team, aUser, { fresh: () => confirmed, again: () => confirmed }))
        .kind,
    ).toBe('confirmed');
    expect(await total()).toBe(3); // a key-create over a confirmed member: 0

    expect(await memberships.delete(b)).toBe(true);
    expect(await total()).toBe(3); // deleting a pending invitation: 0
    expect(await memberships.delete(b)).toBe(false);
    expect(await memberships.confirm(b)).toBeNull();
    expect(await total()).toBe(3); // deleting or accepting one already gone: 0
    expect(await memberships.delete(keyMember)).toBe(true);
    expect(await total()).toBe(2); // deleting a confirmed one -1
    expect(await memberships.delete(keyMember)).toBe(false);
    expect(await total()).toBe(2); // deleting it again: 0

    // A key-create over a pending invitation confirms it: +1.
    const { user: cUser } = await invite(team, false);
    const over = await memberships.writeInvitation(team, cUser, {
      fresh: () => confirmed,
      again: () => confirmed,
    });
    expect(over.kind === 'written' && over.membership.confirm).toBe(true);
    expect(await total()).toBe(3);

    // Deleting a user with a confirmed membership here: -1.
    await users.delete(cUser);
    expect(await total()).toBe(2);
    expect(await total()).toBe(await realCount(team._id));
  });

  it('deleting a user recounts the teams they were a confirmed member of', async () => {
    const [a, b] = [await newTeam(), await newTeam()];
    const user = await newUser();
    for (const team of [a, b]) {
      await db.repos.memberships.writeInvitation(team, user, {
        fresh: () => confirmed,
        again: () => confirmed,
      });
    }
    await invite(a, true);
    expect([await storedTotal(a._id), await storedTotal(b._id)]).toEqual([2, 1]);
    await db.repos.users.delete(user);
    expect([await storedTotal(a._id), await storedTotal(b._id)]).toEqual([1, 0]);
  });

  it('concurrent key-creates, accepts, deletes and renames on one team: the stored total equals the count', async () => {
    const team = await newTeam();
    const toAccept = await Promise.all(Array.from({ length: 12 }, () => invite(team, false)));
    const toDelete = await Promise.all(Array.from({ length: 12 }, () => invite(team, true)));
    const users = await Promise.all(Array.from({ length: 12 }, () => newUser()));
    expect(await storedTotal(team._id)).toBe(12);

    // Each writer as its own process (its own repositories): a process queues its own changes of
    // a team in memory, so only the team's lock in the database orders these.
    const process = () => createRepositories(db.connection);
    await Promise.all([
      ...toAccept.map(({ membership }) => process().memberships.confirm(membership)),
      ...toDelete.map(({ membership }) => process().memberships.delete(membership)),
      ...users.map((user) =>
        process().memberships.writeInvitation(team, user, { fresh: () => confirmed, again: () => confirmed }),
      ),
      // Renames write the same document: under the same lock, neither undoes the other.
      ...Array.from({ length: 4 }, (_, i) => process().teams.rename(team, `renamed ${i}`)),
    ]);

    const count = await realCount(team._id);
    expect(count).toBe(24);
    const stored = await db.repos.teams.byId(team._id);
    expect(stored?.total).toBe(count);
    expect(stored?.name).toMatch(/^renamed \d$/);
  });

  it('changes of one team in one process share the lock in batches; a failing write costs only itself', async () => {
    const team = await newTeam();
    const toAccept = await Promise.all(Array.from({ length: 10 }, () => invite(team, false)));
    const users = await Promise.all(Array.from({ length: 60 }, () => newUser()));
    const locks = db.connection.collection('claims');
    let lockTakes = 0;
    const inserted = locks.insertOne.bind(locks);
    const counting: typeof inserted = (document, options) => {
      if (String(document._id) === `lock:team:${team._id}`) lockTakes++;
      return inserted(document, options);
    };
    locks.insertOne = counting;
    try {
      const results = await Promise.allSettled([
        ...toAccept.map(({ membership }) => db.repos.memberships.confirm(membership)),
        ...users.map((user) =>
          db.repos.memberships.writeInvitation(team, user, {
            fresh: () => confirmed,
            again: () => confirmed,
          }),
        ),
        // A write that throws inside the batch: its neighbours' effects still count.
        db.repos.memberships.writeInvitation(team, users[0]!, {
          fresh: () => {
            throw new Error('bad write');
          },
          again: () => {
            throw new Error('bad write');
          },
        }),
      ]);
      expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    } finally {
      locks.insertOne = inserted;
    }
    expect(await realCount(team._id)).toBe(70);
    expect(await storedTotal(team._id)).toBe(70);
    // 71 changes took the lock a handful of times (batches of up to 50), not 71 times.
    expect(lockTakes).toBeGreaterThan(0);
    expect(lockTakes).toBeLessThan(10);
  });

  it('a crash between a membership write and its update of the total leaves it off until the heal', async () => {
    const team = await newTeam();
    await invite(team, true);
    // A writer that died after its membership write, before its +1.
    const orphan = await newUser();
    // Written past the test store, which recounts like the repositories.
    await db.connection.collection('memberships').insertOne({
      _id: generateId() as never,
      createdAt: new Date(),
      updatedAt: new Date(),
      teamId: team._id,
      teamEpoch: team.epoch,
      userId: orphan._id,
      userEpoch: orphan.epoch,
      search: 'x',
      ...confirmed,
    });
    expect(await storedTotal(team._id)).toBe(1);
    // Later changes move it by their own effect only: still one short.
    await invite(team, true);
    expect(await storedTotal(team._id)).toBe(2);
    expect(await realCount(team._id)).toBe(3);

    // The scheduled heal finds it, and any other wrong total. A team written before totals were
    // stored (no `total`) is healed too, and teams.totalOf counts it on first read.
    const wrong = await newTeam();
    await db.store.update('teams', { _id: wrong._id }, { total: 7 });
    const legacy = await newTeam();
    await db.repos.memberships.addCreator(legacy, await newUser(), ['owner']);
    await db.connection.collection('teams').updateOne({ _id: legacy._id as never }, { $unset: { total: 1 } });
    expect(await db.repos.teams.healTotals()).toBeGreaterThanOrEqual(3);
    expect([
      await storedTotal(team._id),
      await storedTotal(wrong._id),
      await storedTotal(legacy._id),
    ]).toEqual([3, 0, 1]);
    expect(await db.repos.teams.healTotals()).toBe(0);

    await db.connection.collection('teams').updateOne({ _id: legacy._id as never }, { $unset: { total: 1 } });
    const read = await db.repos.teams.byId(legacy._id);
    expect(read?.total).toBeUndefined();
    expect(await db.repos.teams.totalOf(read!)).toBe(1);
    expect(await storedTotal(legacy._id)).toBe(1);
    // A change of a team without a stored total counts it instead of adding to nothing.
    await db.connection.collection('teams').updateOne({ _id: legacy._id as never }, { $unset: { total: 1 } });
    await invite(legacy, true);
    expect(await storedTotal(legacy._id)).toBe(2);
  });
});
