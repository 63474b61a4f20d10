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
});
