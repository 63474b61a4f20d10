/**
 * The epoch filters (epoch.ts) on the database under test: what they match, legacy documents
 * (no epoch field) included. Each query shape here is one the API runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing.ts';
import { epochField, epochFilter, newEpoch, ownedByAny, sameEpoch } from './epoch.ts';
import { createModels, syncIndexes, type Models } from './index.ts';

const db = useTestDatabase();
let models: Models;

const [old, current, other] = [newEpoch(), newEpoch(), newEpoch()];

beforeAll(async () => {
  models = createModels(db.connection);
  await syncIndexes(db.connection);
  const membership = (id: string, teamId: string, teamEpoch?: string) => ({
    _id: id,
    teamId,
    userId: `user-${id}`,
    invited: new Date(),
    confirm: true,
    search: id,
    ...epochField('teamEpoch', teamEpoch),
  });
  await models.Membership.insertMany([
    membership('legacy', 'team-a'),
    membership('old', 'team-a', old),
    membership('current', 'team-a', current),
    membership('b-legacy', 'team-b'),
    membership('c-other', 'team-c', other),
  ]);
});

const ids = async (filter: Record<string, unknown>) =>
  (await models.Membership.find(filter).sort({ _id: 1 }).lean()).map((doc) => doc._id);

describe('epochs', () => {
  it('are random, and equal only to themselves; absent equals absent', () => {
    expect(newEpoch()).not.toBe(newEpoch());
    expect(sameEpoch(current, current)).toBe(true);
    expect(sameEpoch(current, old)).toBe(false);
    expect(sameEpoch(undefined, null)).toBe(true);
    expect(sameEpoch(undefined, current)).toBe(false);
  });

  it('epochFilter matches the epoch, or documents without one for a legacy owner', async () => {
    expect(await ids({ teamId: 'team-a', ...epochFilter('teamEpoch', current) })).toEqual(['current']);
    expect(await ids({ teamId: 'team-a', ...epochFilter('teamEpoch', undefined) })).toEqual(['legacy']);
  });

  it('$ne sweeps every other epoch, absent ones too (the sweep on creating a team or user)', async () => {
    expect(await ids({ teamId: 'team-a', teamEpoch: { $ne: current } })).toEqual(['legacy', 'old']);
  });

  it('ownedByAny matches several owners, legacy and not, in one filter', async () => {
    const filter = ownedByAny(
      [
        { _id: 'team-a', epoch: current },
        { _id: 'team-b', epoch: undefined },
        { _id: 'team-c', epoch: newEpoch() },
      ],
      'teamId',
      'teamEpoch',
    );
    expect(await ids(filter)).toEqual(['b-legacy', 'current']);
    expect(await ids(ownedByAny([], 'teamId', 'teamEpoch'))).toEqual([]);
    const rows = await models.Membership.aggregate<{ _id: string; n: number }>([
      { $match: { ...filter, confirm: true } },
      { $group: { _id: '$teamId', n: { $sum: 1 } } },
    ]);
    expect(rows.sort((a, b) => a._id.localeCompare(b._id))).toEqual([
      { _id: 'team-a', n: 1 },
      { _id: 'team-b', n: 1 },
    ]);
  });
});
