import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startFerretDb } from './ferretdb.ts';
import { isPortOpen } from './mail-catcher.ts';

describe('embedded FerretDB', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('starts on a free port, stores data as SQLite files in its folder, and stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'roster-ferret-'));
    dirs.push(dataDir);
    const ferret = await startFerretDb({ dataDir });
    const port = Number(new URL(ferret.uri).port);
    expect(port).toBeGreaterThan(0);

    const client = new MongoClient(ferret.uri);
    try {
      const info = await client.db('admin').command({ buildInfo: 1 });
      // The embeddable package hides its version but still answers as FerretDB.
      expect(info).toHaveProperty('ferretdbVersion');
      await client
        .db('smoke')
        .collection('things')
        .insertOne({ _id: 'a' as never, n: 1 });
      expect(await client.db('smoke').collection('things').countDocuments()).toBe(1);
      expect(await readdir(dataDir)).toContain('smoke.sqlite');
    } finally {
      await client.close();
      await ferret.stop();
    }
    expect(await isPortOpen(port)).toBe(false);
  });

  it('keeps data across restarts on the same folder (the dev database)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'roster-ferret-'));
    dirs.push(dataDir);
    const first = await startFerretDb({ dataDir });
    let client = new MongoClient(first.uri);
    try {
      await client.db('keep').collection('things').insertOne({ name: 'kept' });
    } finally {
      await client.close();
      await first.stop();
    }

    const second = await startFerretDb({ dataDir });
    client = new MongoClient(second.uri);
    try {
      expect(
        await client
          .db('keep')
          .collection('things')
          .findOne({}, { projection: { _id: 0 } }),
      ).toEqual({
        name: 'kept',
      });
    } finally {
      await client.close();
      await second.stop();
    }
  });

  it.each(['normal', 'full'] as const)(
    'with -sync %s, keeps every acknowledged write when the process is killed (docs/database.md#durability)',
    async (sync) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'roster-ferret-'));
      dirs.push(dataDir);
      const first = await startFerretDb({ dataDir, sync });
      let client = new MongoClient(first.uri);
      try {
        const things = client.db('durable').collection<{ _id: string; n: number }>('things');
        for (let n = 0; n < 50; n++) await things.insertOne({ _id: `t${n}`, n });
        await things.updateOne({ _id: 't7' }, { $set: { n: 700 } });
      } finally {
        await client.close();
      }
      // No shutdown, no checkpoint: what was acknowledged must already be in the log.
      process.kill(first.pid!, 'SIGKILL');
      await first.stop();

      const second = await startFerretDb({ dataDir, sync });
      client = new MongoClient(second.uri);
      try {
        const things = client.db('durable').collection<{ _id: string; n: number }>('things');
        expect(await things.countDocuments()).toBe(50);
        expect(await things.findOne({ _id: 't7' })).toEqual({ _id: 't7', n: 700 });
      } finally {
        await client.close();
        await second.stop();
      }
    },
  );

  it('finds, counts, updates and deletes by _id, alone or with other conditions, through the _id index (ferretdb/patches)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'roster-ferret-'));
    dirs.push(dataDir);
    const ferret = await startFerretDb({ dataDir });
    const client = new MongoClient(ferret.uri);
    try {
      const db = client.db('patched');
      const things = db.collection<{ _id: string; n: number }>('things');
      await things.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `t${n}`, n })));
      const explained = await db.command({ explain: { find: 'things', filter: { _id: 't7' } } });
      // Unpatched v1.24.2 answers "SCAN things_…": a full table scan for every _id lookup.
      expect(JSON.stringify(explained.queryPlanner)).toMatch(/SEARCH things_\w+ USING INDEX things_\w+__id_/);
      // The same expression serves the writes; they still find the right document.
      await things.updateOne({ _id: 't7' }, { $set: { n: 700 } });
      await things.deleteOne({ _id: 't8' });
      expect(await things.findOne({ _id: 't7' })).toEqual({ _id: 't7', n: 700 });
      expect(await things.findOne({ _id: 't8' })).toBeNull();
      expect(await things.countDocuments()).toBe(49);
      await expect(things.insertOne({ _id: 't7', n: 1 })).rejects.toMatchObject({ code: 11000 });

      // `_id` with other conditions: the index narrows to that row, the other conditions still apply.
      const withMore = await db.command({
        explain: { find: 'things', filter: { _id: 't7', n: { $gt: 5 } } },
      });
      expect(JSON.stringify(withMore.queryPlanner)).toMatch(/USING INDEX things_\w+__id_/);
      expect(await things.findOne({ _id: 't7', n: 700 })).toEqual({ _id: 't7', n: 700 });
      expect(await things.findOne({ _id: 't7', n: 1 })).toBeNull();
      expect(await things.countDocuments({ _id: 't7', n: { $lt: 1000 } })).toBe(1);
      expect((await things.updateOne({ _id: 't9', n: 10 }, { $set: { n: 0 } })).matchedCount).toBe(0);
      expect((await things.updateOne({ _id: 't9', n: 9 }, { $set: { n: 90 } })).modifiedCount).toBe(1);
      expect((await things.deleteOne({ _id: 't9', n: 9 })).deletedCount).toBe(0);
      expect(await things.findOne({ _id: 't9' })).toEqual({ _id: 't9', n: 90 });
    } finally {
      await client.close();
      await ferret.stop();
    }
  });
  it('finds and counts by teamId, userId and $in through the indexes, arrays included (ferretdb/patches)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'roster-ferret-'));
    dirs.push(dataDir);
    const ferret = await startFerretDb({ dataDir });
    const client = new MongoClient(ferret.uri);
    try {
      const db = client.db('patched');
      interface Member {
        _id: string;
        teamId: string;
        userId: string;
        roles: string[] | string;
        confirm: boolean;
        createdAt: Date;
      }
      const memberships = db.collection<Member>('memberships');
      // The indexes Roster declares on memberships (packages/db/src/models/membership.model.ts).
      await memberships.createIndexes([
        { key: { teamId: 1, userId: 1 }, unique: true },
        { key: { teamId: 1, confirm: 1 } },
        { key: { teamId: 1, createdAt: 1, _id: 1 } },
        { key: { userId: 1 } },
      ]);
      await memberships.insertMany(
        Array.from({ length: 300 }, (_, n) => ({
          _id: `m${n}`,
          teamId: `t${n % 10}`,
          userId: `u${n}`,
          // One plain string among the arrays: `{roles: 'owner'}` matches both shapes.
          roles: n === 5 ? 'owner' : n % 30 < 10 ? ['owner', 'member'] : ['member'],
          confirm: n % 2 === 1,
          createdAt: new Date(1_700_000_000_000 + n),
        })),
      );
      const plan = async (command: Record<string, unknown>) => {
        const explained = await db.command({ explain: command });
        expect(explained.filterPushdown).toBe(true);
        return (explained.queryPlanner as { Plan: string[] }).Plan.join('\n');
      };
      const byTeam = /SEARCH memberships_\w+ USING INDEX memberships_\w+_teamId_1_\w+ \(<expr>=\?/;

      // Unpatched v1.24.2 answers "SCAN memberships_…" for all of these.
      const find = await plan({ find: 'memberships', filter: { teamId: 't3' } });
      expect(find).toMatch(byTeam);
      expect(find).not.toMatch(/SCAN memberships/);
      // countDocuments is an aggregate whose $match is pushed down; the sorted page's filter too.
      const count = await plan({
        aggregate: 'memberships',
        pipeline: [{ $match: { teamId: 't3', confirm: true } }, { $group: { _id: 1, n: { $sum: 1 } } }],
        cursor: {},
      });
      expect(count).toMatch(byTeam);
      expect(count).not.toMatch(/SCAN memberships/);
      const page = await plan({
        find: 'memberships',
        filter: { $and: [{ teamId: 't3' }, { createdAt: { $gt: new Date(0) } }] },
        sort: { createdAt: 1, _id: 1 },
        limit: 25,
      });
      expect(page).toMatch(byTeam);
      expect(await plan({ find: 'memberships', filter: { userId: { $in: ['u1', 'u2'] } } })).toMatch(
        /USING INDEX memberships_\w+_userId_1 \(<expr>=\?\)/,
      );
      expect(await plan({ find: 'memberships', filter: { _id: { $in: ['m1', 'm2'] } } })).toMatch(
        /USING INDEX memberships_\w+__id_ \(<expr>=\?\)/,
      );

      // The answers are the full scan's: arrays and plain strings alike, in storage order.
      const owners = await memberships.find({ teamId: 't5', roles: 'owner' }).toArray();
      expect(owners.map((m) => m._id)).toEqual([
        'm5',
        'm35',
        'm65',
        'm95',
        'm125',
        'm155',
        'm185',
        'm215',
        'm245',
        'm275',
      ]);
      expect(await memberships.countDocuments({ teamId: 't3', confirm: true })).toBe(30);
      expect(await memberships.countDocuments({ teamId: { $in: ['t3', 't4'] }, confirm: false })).toBe(30);
      const sorted = await memberships
        .find({ teamId: 't3' })
        .sort({ createdAt: -1, _id: 1 })
        .limit(2)
        .toArray();
      expect(sorted.map((m) => m._id)).toEqual(['m293', 'm283']);
      expect(
        (await memberships.updateMany({ teamId: 't3', confirm: false }, { $set: { confirm: true } }))
          .modifiedCount,
      ).toBe(0);
      expect(
        (await memberships.updateMany({ teamId: 't4', confirm: false }, { $set: { confirm: true } }))
          .modifiedCount,
      ).toBe(30);
      expect((await memberships.deleteMany({ teamId: 't4', userId: 'u14' })).deletedCount).toBe(1);
      expect(await memberships.countDocuments({ teamId: 't4' })).toBe(29);

      // Long $in lists stay correct (SQLite refuses more than 32,766 parameters; the patch leaves them to FerretDB).
      const ids = Array.from({ length: 40_000 }, (_, n) => `m${n}`);
      expect(await memberships.countDocuments({ _id: { $in: ids } })).toBe(299);
      const teams = Array.from({ length: 1000 }, (_, n) => `t${n}`);
      expect(
        await memberships.countDocuments({
          $and: Array.from({ length: 12 }, () => ({ teamId: { $in: teams } })),
        }),
      ).toBe(299);
    } finally {
      await client.close();
      await ferret.stop();
    }
  });
});
