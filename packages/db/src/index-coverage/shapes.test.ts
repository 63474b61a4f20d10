import { describe, expect, it } from 'vitest';
import { declaredIndexes, describeOffenders, unservedShapes } from './check.ts';
import { isServed, shapeKey, shapesOf, type DeclaredIndex } from './shapes.ts';

const idx = (...keys: [string, 1 | -1][]): DeclaredIndex => ({ keys });
const membershipIndexes = [
  idx(['teamId', 1], ['userId', 1]),
  idx(['teamId', 1], ['confirm', 1]),
  idx(['teamId', 1], ['createdAt', 1], ['_id', 1]),
  idx(['userId', 1]),
];
const one = (name: string, command: Record<string, unknown>) => shapesOf(name, command)[0]!;
const served = (name: string, command: Record<string, unknown>, indexes = membershipIndexes) =>
  isServed(one(name, command), indexes);

describe('query shapes', () => {
  it('take the fields and constraints of a filter, not its values, and the sort', () => {
    const shape = one('find', {
      find: 'memberships',
      filter: { teamId: 't1', teamEpoch: { $exists: false }, confirm: true, createdAt: { $gt: new Date() } },
      sort: { createdAt: 1, _id: 1 },
    });
    expect(shapeKey(shape)).toBe(
      'memberships find {confirm:eq,createdAt:range,teamEpoch:other,teamId:eq} sort {createdAt:1,_id:1}',
    );
    expect(
      shapeKey(
        one('find', {
          find: 'memberships',
          filter: {
            teamId: 'other value',
            confirm: false,
            createdAt: { $gt: 1 },
            teamEpoch: { $exists: false },
          },
          sort: { createdAt: 1, _id: 1 },
        }),
      ),
    ).toBe(shapeKey(shape));
  });

  it('split $or into branches, merge $and, and read count/aggregate/update/delete/findAndModify/distinct', () => {
    expect(
      shapeKey(
        one('find', { find: 'm', filter: { $and: [{ a: 1 }, { $or: [{ b: 1 }, { c: { $ne: 1 } }] }] } }),
      ),
    ).toBe('m find {a:eq,b:eq} | {a:eq,c:other}');
    expect(
      shapeKey(one('aggregate', { aggregate: 'm', pipeline: [{ $match: { teamId: 'x' } }, { $group: {} }] })),
    ).toBe('m aggregate {teamId:eq}');
    expect(shapeKey(one('aggregate', { aggregate: 'm', pipeline: [{ $sort: { a: -1 } }] }))).toBe(
      'm aggregate {} sort {a:-1}',
    );
    expect(
      shapesOf('delete', { delete: 'm', deletes: [{ q: { a: 1 } }, { q: { b: 1 } }] }).map(shapeKey),
    ).toEqual(['m delete {a:eq}', 'm delete {b:eq}']);
    expect(shapeKey(one('update', { update: 'm', updates: [{ q: { _id: 'x' } }] }))).toBe(
      'm update {_id:eq}',
    );
    expect(shapeKey(one('findAndModify', { findAndModify: 'm', query: { a: 1 }, sort: { b: 1 } }))).toBe(
      'm findAndModify {a:eq} sort {b:1}',
    );
    expect(shapeKey(one('distinct', { distinct: 'm', key: 'a', query: { b: 1 } }))).toBe('m distinct {b:eq}');
    expect(shapeKey(one('count', { count: 'm', query: { b: 1 } }))).toBe('m count {b:eq}');
    expect(shapesOf('insert', { insert: 'm', documents: [] })).toEqual([]);
  });
});

describe('index coverage verdicts', () => {
  it('_id equality is always served; an empty filter without a sort is a scan', () => {
    expect(served('find', { find: 'memberships', filter: { _id: 'x', anything: { $regex: 'y' } } }, [])).toBe(
      true,
    );
    expect(served('find', { find: 'memberships', filter: {} })).toBe(false);
  });

  it('needs the leading key of an index constrained: a prefix, not any field', () => {
    expect(served('find', { find: 'memberships', filter: { teamId: 't', roles: 'owner' } })).toBe(true);
    expect(served('find', { find: 'memberships', filter: { confirm: true } })).toBe(false);
    expect(served('find', { find: 'memberships', filter: { inviterId: 'u' } })).toBe(false);
    expect(served('find', { find: 'memberships', filter: { teamId: { $ne: 't' } } })).toBe(false);
    expect(served('find', { find: 'memberships', filter: { teamId: { $in: ['a', 'b'] } } })).toBe(true);
  });

  it('serves a sort that follows the keys after the equalities, in order and direction or all reversed', () => {
    const page = (sort: Record<string, number>, filter: Record<string, unknown> = { teamId: 't' }) =>
      served('find', { find: 'memberships', filter, sort });
    expect(page({ createdAt: 1, _id: 1 })).toBe(true);
    expect(page({ createdAt: -1, _id: -1 })).toBe(true);
    expect(page({ createdAt: 1, _id: -1 })).toBe(false);
    expect(page({ _id: 1, createdAt: 1 })).toBe(false);
    expect(page({ joined: 1 })).toBe(false);
    expect(page({ createdAt: 1, _id: 1 }, { userId: 'u' })).toBe(false);
    // A sort on a field the filter fixes orders nothing.
    expect(page({ teamId: 1 })).toBe(true);
    // No filter: an index whose keys start with the sort walks it in order.
    expect(page({ teamId: 1, createdAt: 1 }, {})).toBe(true);
    expect(page({ createdAt: 1 }, {})).toBe(false);
  });

  it('every $or branch needs an index of its own', () => {
    const filter = { $or: [{ teamId: 'a' }, { userId: 'u' }] };
    expect(served('find', { find: 'memberships', filter })).toBe(true);
    expect(
      served('find', { find: 'memberships', filter: { $or: [{ teamId: 'a' }, { inviterId: 'u' }] } }),
    ).toBe(false);
  });

  it("reads Roster's declared indexes from the schemas, and lists offenders with where they came from", () => {
    const indexes = declaredIndexes();
    expect(indexes.get('memberships')).toContainEqual(idx(['teamId', 1], ['createdAt', 1], ['_id', 1]));
    expect(indexes.get('memberships')).toContainEqual(idx(['userId', 1]));
    const shape = one('find', { find: 'memberships', filter: { inviterId: 'u' } });
    const record = { key: shapeKey(shape), shape, origin: 'a.integration.test.ts' };
    const offenders = unservedShapes([record, { ...record, origin: 'b.integration.test.ts' }], indexes);
    expect(offenders).toEqual([
      { key: 'memberships find {inviterId:eq}', origins: ['a.integration.test.ts', 'b.integration.test.ts'] },
    ]);
    expect(describeOffenders(offenders)).toContain('from b.integration.test.ts');
    // A deliberate scan passes only under a name the allow-list gives a reason for.
    expect(unservedShapes([{ ...record, scan: 'audit' }], indexes, { audit: 'why' })).toEqual([]);
    expect(unservedShapes([{ ...record, scan: 'other' }], indexes, { audit: 'why' })).toEqual([
      { key: 'memberships find {inviterId:eq} (in unlisted scan other)', origins: ['a.integration.test.ts'] },
    ]);
  });
});
