import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Double, Long, MongoClient, ObjectId, type Collection, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerretDb, type FerretDbHandle } from './ferretdb.ts';

/**
 * The differential test of the filter pushdown in ferretdb/patches/sqlite-collection.go: random
 * filters over random documents, each run as is (pushed down to SQLite where it can be) and
 * wrapped in a one-branch `$or` (the same filter, which nothing pushes down: the whole collection
 * is read and FerretDB's own matcher decides), through find, countDocuments (an aggregate), count,
 * distinct and the writes. Any difference means the pushed-down SQL dropped a document it must keep.
 *
 * `PUSHDOWN_SEED=<n>` replays a run; `PUSHDOWN_FILTERS=<n>` runs more filters.
 */

const SEED = Number(process.env.PUSHDOWN_SEED ?? Date.now() % 1_000_000);
const FILTERS = Number(process.env.PUSHDOWN_FILTERS ?? 150);
const TIMEOUT_MS = 300_000;
const DOCUMENTS = 150;

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

const random = generator(SEED);
const { pick } = random;

const OIDS = [new ObjectId('64b7f0c2a1b2c3d4e5f60718'), new ObjectId('000000000000000000000001')];
/** Strings whose JSON text needs escapes or looks like another type's. */
const STRINGS = [
  'a',
  'b',
  'A',
  '',
  'owner',
  'member',
  '<a&b>',
  'say "hi"',
  'back\\slash',
  'tab\tnew\nline',
  'ünïcödé',
  '😀 emoji',
  'line\u2028separator',
  '[x',
  '["a"]',
  'true',
  'null',
  '1',
  OIDS[0]!.toHexString(),
];
const SCALARS: unknown[] = [...STRINGS, ...OIDS, true, false];
const OTHERS: unknown[] = [0, 1, new Double(1), Long.fromNumber(1), 1.5, null, new Date(0), { a: 'a' }, {}];

/** A value for a document or a filter: mostly strings, ObjectIds and booleans (what is pushed down). */
function value(): unknown {
  return random.next() < 0.8 ? pick(SCALARS) : pick(OTHERS);
}

function fieldValue(): unknown {
  const roll = random.next();
  if (roll < 0.6) return value();
  // No nested arrays: FerretDB v1 refuses them.
  return Array.from({ length: Math.floor(random.next() * 4) }, () =>
    random.next() < 0.85 ? value() : { a: pick(STRINGS) },
  );
}

const FIELDS = ['s', 't', 'b', 'o', 'n'] as const;

function randomDocument(index: number): Document {
  const doc: Document = {
    _id: index % 7 === 0 ? new ObjectId() : index % 11 === 0 ? index : `d${index}`,
  };
  for (const field of FIELDS) if (random.next() < 0.85) doc[field] = fieldValue();
  return doc;
}

/** The ids filters use: existing strings, ObjectIds and numbers, and one that matches nothing. */
let ids: unknown[] = [];

function condition(): Document {
  const field = random.next() < 0.15 ? '_id' : pick([...FIELDS, 'missing', 's.a', 'rowid']);
  const operand = () => (field === '_id' && random.next() < 0.8 ? pick(ids) : value());
  const roll = random.next();
  if (roll < 0.45) return { [field]: operand() };
  if (roll < 0.6) return { [field]: { $eq: operand() } };
  if (roll < 0.82)
    return { [field]: { $in: Array.from({ length: 1 + Math.floor(random.next() * 4) }, operand) } };
  if (roll < 0.88) return { [field]: { $ne: operand() } };
  if (roll < 0.94) return { [field]: { $gt: operand() } };
  return { [field]: { $exists: random.next() < 0.5 } };
}

/** One to three conditions, merged into one document where keys allow, some under `$and` or `$or`. */
function randomFilter(): Document {
  const filter: Document = {};
  const and: Document[] = [];
  const count = 1 + Math.floor(random.next() * 3);
  for (let n = 0; n < count; n += 1) {
    const part = condition();
    const [key] = Object.keys(part);
    const roll = random.next();
    if (roll < 0.25 || (key !== undefined && key in filter))
      and.push(random.next() < 0.2 ? { $and: [part] } : part);
    else if (roll < 0.32) filter.$or = [part, condition()];
    else Object.assign(filter, part);
  }
  if (and.length > 0) filter.$and = and;
  return filter;
}

type Outcome = { value: unknown } | { error: unknown };
async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: (error as { code?: unknown }).code ?? String(error) };
  }
}

async function pushedDown(db: Db, collection: string, filter: Document): Promise<boolean> {
  const explained = await db.command({ explain: { find: collection, filter } });
  return explained.filterPushdown === true;
}

describe('FerretDB filter pushdown (ferretdb/patches/sqlite-collection.go)', () => {
  let dataDir: string;
  let ferret: FerretDbHandle;
  let client: MongoClient;
  let db: Db;
  let docs: Document[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-pushdown-'));
    ferret = await startFerretDb({ dataDir });
    client = new MongoClient(ferret.uri);
    db = client.db('pushdown');
    docs = Array.from({ length: DOCUMENTS }, (_, index) => randomDocument(index));
    ids = [...docs.map((doc) => doc._id as unknown).filter((_, index) => index % 3 === 0), 'nothing'];
    for (const name of ['reads', 'writes_pushed', 'writes_scanned']) {
      const collection = db.collection(name);
      // Indexes on some fields: the pushed-down SQL must be right with and without one to use.
      await collection.createIndexes([
        { key: { s: 1 } },
        { key: { t: 1, b: 1 } },
        { key: { o: 1 }, name: 'o_1' },
      ]);
      await collection.insertMany(docs.map((doc) => ({ ...doc })));
    }
  });

  afterAll(async () => {
    await client?.close();
    await ferret?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    `returns what a full scan returns, for ${FILTERS} random filters (seed ${SEED})`,
    async () => {
      const reads = db.collection('reads');
      let pushed = 0;
      for (let n = 0; n < FILTERS; n += 1) {
        const filter = randomFilter();
        const reference = { $or: [filter] };
        const context = `seed ${SEED}, filter ${n}: ${JSON.stringify(filter)}`;
        if (await pushedDown(db, 'reads', filter)) pushed += 1;
        expect(await pushedDown(db, 'reads', reference), context).toBe(false);

        const both = async (run: (f: Document) => Promise<unknown>) => {
          const [subject, expected] = [await outcome(() => run(filter)), await outcome(() => run(reference))];
          expect(subject, context).toEqual(expected);
        };
        // Unsorted: the same documents in the same (storage) order.
        await both((f) => reads.find(f).toArray());
        await both((f) => reads.countDocuments(f));
        await both((f) => db.command({ count: 'reads', query: f }));
        await both((f) => reads.find(f).sort({ _id: 1 }).skip(1).limit(3).toArray());
        await both((f) => reads.distinct('s', f));
      }
      // The random filters must exercise the pushdown, not only the fallback.
      expect(pushed, `seed ${SEED}`).toBeGreaterThan(FILTERS / 3);
    },
    TIMEOUT_MS,
  );

  it('keeps every string, whatever its JSON text needs escaped, in arrays and alone', async () => {
    const strings = db.collection<{ _id: string; s: string | string[] }>('strings');
    await strings.createIndex({ s: 1 });
    await strings.insertMany(
      STRINGS.flatMap((s, n) => [
        { _id: `alone${n}`, s },
        { _id: `array${n}`, s: ['z', s] },
      ]),
    );
    for (const s of STRINGS) {
      expect(await pushedDown(db, 'strings', { s })).toBe(true);
      const found = await strings.find({ s }).toArray();
      expect(
        found.map((doc) => doc._id),
        JSON.stringify(s),
      ).toEqual(STRINGS.flatMap((other, m) => (other === s ? [`alone${m}`, `array${m}`] : [])));
      expect(await strings.countDocuments({ s: { $in: [s, 'none'] } })).toBe(2);
    }
  });

  it(
    `updates and deletes what a full scan would (seed ${SEED})`,
    async () => {
      const subject = db.collection('writes_pushed');
      const expected = db.collection('writes_scanned');
      const apply = async (n: number, run: (c: Collection, f: Document) => Promise<unknown>) => {
        const filter = randomFilter();
        const context = `seed ${SEED}, write ${n}: ${JSON.stringify(filter)}`;
        expect(await outcome(() => run(subject, filter)), context).toEqual(
          await outcome(() => run(expected, { $or: [filter] })),
        );
      };
      for (let n = 0; n < FILTERS / 5; n += 1) {
        await apply(n, (c, f) => c.updateMany(f, { $inc: { hits: 1 } }));
        await apply(n, (c, f) => c.updateOne(f, { $set: { one: n } }));
        await apply(n, (c, f) =>
          c.findOneAndUpdate(f, { $set: { found: n } }, { sort: { _id: 1 }, returnDocument: 'after' }),
        );
        if (n % 4 === 0) await apply(n, (c, f) => c.deleteOne(f));
      }
      await apply(-1, (c, f) => c.deleteMany(f));
      expect(await subject.find().toArray()).toEqual(await expected.find().toArray());
    },
    TIMEOUT_MS,
  );
});
