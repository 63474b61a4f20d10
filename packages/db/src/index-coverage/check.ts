import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEMAS } from '../models/index.ts';
import { type RecordedShape } from './capture.ts';
import { isServed, type DeclaredIndex, type QueryShape } from './shapes.ts';

/**
 * The deliberate scans (docs/database.md#index-coverage): queries run inside `deliberateScan(name)`
 * may be served by no index, for the reason given here. Keep it short: each is a query whose cost
 * grows with a whole collection. A scan name missing here fails the check like an unindexed query.
 */
export const ALLOWED_SCANS: Readonly<Record<string, string>> = {
  'users.list':
    'GET /v1/users (API keys only): Appwrite queries may filter and search any attribute of every user',
  'teams.list':
    'GET /v1/teams by an API key: every team, filtered and searched on any attribute (a user only lists their own teams, by _id)',
  'users.listIdentities':
    'GET /v1/users/identities (API keys only): every identity, filtered and searched on any attribute, as users.list',
  'webhooks.list':
    'GET /v1/webhooks (API keys only): a handful of webhooks per deployment, filtered on any of their attributes',
  'buckets.list':
    'GET /v1/storage/buckets (API keys only): a handful of buckets per deployment, filtered and searched on any of their attributes',
  'teams.healTotals': "the worker's scheduled heal reads every team's stored total once per run (totals.ts)",
};

/** The indexes Roster declares, by collection: every schema's, as Mongoose builds them. */
export function declaredIndexes(): Map<string, DeclaredIndex[]> {
  const byCollection = new Map<string, DeclaredIndex[]>();
  for (const [collection, schema] of Object.entries(SCHEMAS)) {
    byCollection.set(
      collection,
      schema.indexes().map(([fields]) => ({
        keys: Object.entries(fields).map(([field, dir]): [string, 1 | -1] => [
          field,
          Number(dir) < 0 ? -1 : 1,
        ]),
      })),
    );
  }
  return byCollection;
}

export interface Offender {
  key: string;
  origins: string[];
}

/** The recorded shapes that no declared index serves and the allow-list does not name. */
export function unservedShapes(
  records: readonly (RecordedShape & { shape: QueryShape })[],
  indexes: ReadonlyMap<string, readonly DeclaredIndex[]>,
  allowed: Readonly<Record<string, string>> = ALLOWED_SCANS,
): Offender[] {
  const offenders = new Map<string, Set<string>>();
  for (const record of records) {
    if (isServed(record.shape, indexes.get(record.shape.collection) ?? [])) continue;
    if (record.scan && Object.hasOwn(allowed, record.scan)) continue;
    const key = record.scan ? `${record.key} (in unlisted scan ${record.scan})` : record.key;
    const origins = offenders.get(key) ?? new Set<string>();
    offenders.set(key, origins.add(record.origin));
  }
  return [...offenders]
    .map(([key, origins]) => ({ key, origins: [...origins].sort() }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Reads every process's shape file in `dir`. */
export async function readRecordedShapes(dir: string): Promise<(RecordedShape & { shape: QueryShape })[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.jsonl'));
  const records = [];
  for (const name of files) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (line.trim()) records.push(JSON.parse(line) as RecordedShape & { shape: QueryShape });
    }
  }
  return records;
}

/** The failure text for `offenders`, one shape a paragraph with the files that issued it. */
export function describeOffenders(offenders: readonly Offender[]): string {
  return [
    `${offenders.length} query shape(s) are served by no declared index (docs/database.md#index-coverage).`,
    'Declare an index in packages/db/src/models, or run it in deliberateScan(name) with a reasoned',
    'entry in ALLOWED_SCANS (packages/db/src/index-coverage/check.ts):',
    ...offenders.map(({ key, origins }) => `  ${key}\n${origins.map((o) => `      from ${o}`).join('\n')}`),
  ].join('\n');
}
