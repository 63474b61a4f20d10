import { createOpenApiDocument, ERROR_TYPES } from '@roster/api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Property: whatever arrives over HTTP (malformed JSON, wrong types, oversized bodies and prefs,
 * unknown query methods, huge `queries` arrays, unicode edge cases, odd headers), every endpoint
 * answers below 500, and every 4xx carries an Appwrite error body. Runs as an API key, so
 * requests get past authorization into validation and the handlers.
 */
const API_KEY = 'fuzz-test-bootstrap-key-0123456789abcdef';
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS ?? 40);

interface Operation {
  method: string;
  path: string;
  bodyParams: string[];
}

const operations: Operation[] = Object.entries(createOpenApiDocument().paths ?? {}).flatMap(
  ([path, methods]) =>
    Object.entries(methods as Record<string, { requestBody?: unknown }>).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      bodyParams: Object.keys(
        (operation.requestBody as { content?: { 'application/json'?: { schema?: { properties?: object } } } })
          ?.content?.['application/json']?.schema?.properties ?? {},
      ),
    })),
);

const statuses = new Map<number, number>();
let requests = 0;
afterAll(() => {
  const histogram = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
  console.log(
    `bad-input fuzz: ${requests} requests over ${operations.length} endpoints (${histogram.join(', ')})`,
  );
});

const unicode = fc.string({ unit: 'binary', maxLength: 40 });
const oddStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  unicode,
  fc.constantFrom(
    '',
    ' ',
    'unique()',
    '$id',
    '.dot',
    '-dash',
    '\u0000',
    '😀'.repeat(40),
    'a'.repeat(37),
    '%',
    '..',
  ),
);
const queryJson = fc
  .oneof(
    fc.record({
      method: fc.oneof(
        fc.constantFrom(
          'equal',
          'limit',
          'offset',
          'cursorAfter',
          'orderAsc',
          'select',
          'search',
          'between',
          'or',
          'nope',
        ),
        oddStrings,
      ),
      attribute: fc.option(fc.oneof(fc.constantFrom('name', 'roles', 'total', '$id', 'secret'), oddStrings)),
      values: fc.option(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 })),
    }),
    fc.jsonValue({ maxDepth: 3 }),
  )
  .map((value) => JSON.stringify(value));
const queryValue = fc.oneof(oddStrings, queryJson, fc.constantFrom('true', 'false', '0', '1', '2', 'null'));
const queryString = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'queries[]',
            'queries[0]',
            'queries[150]',
            'queries',
            'queries[a][b]',
            'search',
            'total',
          ),
          oddStrings,
        ),
        queryValue,
      ),
      { maxLength: 6 },
    )
    .map((pairs) => new URLSearchParams(pairs).toString()),
  fc
    .array(queryJson, { minLength: 100, maxLength: 1200 })
    .map((queries) =>
      new URLSearchParams(queries.map((query): [string, string] => ['queries[]', query])).toString(),
    ),
);
const bodyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddStrings,
  fc.array(oddStrings, { maxLength: 120 }),
  fc.dictionary(oddStrings, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.constant({ big: 'x'.repeat(70_000) }),
  fc.constant(
    Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`key${index}`, 'value value value'])),
  ),
);
const body = (params: string[]) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .dictionary(fc.oneof(fc.constantFrom(...params, 'extra'), oddStrings), bodyValue, { maxKeys: 6 })
        .map((value) => JSON.stringify(value)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constant(`{"prefs": ${'['.repeat(5000)}`) },
  );
const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/json; charset=latin1',
      '',
    ),
    'x-appwrite-project': fc.constantFrom('default', 'other', ''),
    'x-appwrite-session': fc.string({ maxLength: 60 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
    'x-fallback-cookies': fc.constantFrom('{', '[]', '{"a_session_default":"x"}', 'null'),
    'x-appwrite-locale': fc.constantFrom('de', 'xx', '../../etc', ''),
  },
  { requiredKeys: [] },
);

async function send(
  operation: Operation,
  pathValues: string[],
  query: string,
  bodyText: string,
  extraHeaders: Record<string, string>,
) {
  let index = 0;
  const path = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(pathValues[index++] ?? ''));
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  const response = await fetch(`${server.url}/v1${path}?${query}`, {
    method: operation.method,
    headers: { 'x-appwrite-key': API_KEY, 'content-type': 'application/json', ...extraHeaders },
    body: hasBody ? bodyText : undefined,
  });
  requests += 1;
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const text = await response.text();
  return { status: response.status, text };
}

describe('bad input over HTTP never causes a 500', () => {
  for (const operation of operations) {
    it(`${operation.method} /v1${operation.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(oddStrings, { minLength: 3, maxLength: 3 }),
          queryString,
          body(operation.bodyParams),
          headers,
          async (pathValues, query, bodyText, extraHeaders) => {
            const { status, text } = await send(operation, pathValues, query, bodyText, extraHeaders);
            expect(status, text).toBeLessThan(500);
            if (status >= 400) {
              const error = JSON.parse(text) as {
                code: number;
                type: keyof typeof ERROR_TYPES;
                version: string;
              };
              expect(error.code).toBe(status);
              expect(ERROR_TYPES[error.type]?.status).toBe(status);
              expect(error.version).toBe('1.9.6');
            }
          },
        ),
        { numRuns: RUNS_PER_ENDPOINT, endOnFailure: true },
      );
    });
  }
});
