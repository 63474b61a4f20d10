/**
 * The stored team `total` (totals.ts, docs/database.md#team-totals): recounted under the team's
 * lock after every membership change, so concurrent changes cannot leave it off, and healed when
 * a process died between a membership write and its recount.
 */
import { describe, expect, it } from 'vitest';
import { generateId } from './ids.ts';
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
    await db.repos.memberships.confirm(invited._id);
    expect(await storedTotal(team._id)).toBe(3);
    await db.repos.memberships.delete(member._id);
    expect(await storedTotal(team._id)).toBe(2);
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

    await Promise.all([
      ...toAccept.map(({ membership }) => db.repos.memberships.confirm(membership._id)),
      ...toDelete.map(({ membership }) => db.repos.memberships.delete(membership._id)),
      ...users.map((user) =>
        db.repos.memberships.writeInvitation(team, user, { fresh: () => confirmed, again: () => confirmed }),
      ),
      // Renames write the same document: under the same lock, neither undoes the other.
      ...Array.from({ length: 4 }, (_, i) => db.repos.teams.rename(team, `renamed ${i}`)),
    ]);

    const count = await realCount(team._id);
    expect(count).toBe(24);
    const stored = await db.repos.teams.byId(team._id);
    expect(stored?.total).toBe(count);
    expect(stored?.name).toMatch(/^renamed \d$/);
  });

  it('a change after a crash between write and recount repairs the total; heal repairs it without one', async () => {
    const team = await newTeam();
    await invite(team, true);
    // A writer that died after its membership write, before its recount.
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
    await invite(team, true);
    expect(await storedTotal(team._id)).toBe(3);

    // Again, with no later change: the scheduled heal finds it. A team written before totals
    // were stored (no `total`) is healed too, and teams.totalOf counts it on first read.
    await db.store.update('teams', { _id: team._id }, { total: 7 });
    const legacy = await newTeam();
    await db.repos.memberships.addCreator(legacy, await newUser(), ['owner']);
    await db.connection.collection('teams').updateOne({ _id: legacy._id as never }, { $unset: { total: 1 } });
    expect(await db.repos.teams.healTotals()).toBeGreaterThanOrEqual(2);
    expect([await storedTotal(team._id), await storedTotal(legacy._id)]).toEqual([3, 1]);
    expect(await db.repos.teams.healTotals()).toBe(0);

    await db.connection.collection('teams').updateOne({ _id: legacy._id as never }, { $unset: { total: 1 } });
    const read = await db.repos.teams.byId(legacy._id);
    expect(read?.total).toBeUndefined();
    expect(await db.repos.teams.totalOf(read!)).toBe(1);
    expect(await storedTotal(legacy._id)).toBe(1);
  });
});
