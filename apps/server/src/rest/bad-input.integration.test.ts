import { createOpenApiDocument, ERROR_TYPES } from '@roster/api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyText, oddHeaders, oddStrings, queryString } from '../testing/fuzz-arbitraries.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Property: whatever arrives over HTTP (malformed JSON, wrong types, oversized bodies and prefs,
 * unknown query methods, huge `queries` arrays, unicode edge cases, odd headers), every endpoint
 * answers below 500, and every 4xx carries an Appwrite error body. Runs as an API key, so
 * requests get past authorization into validation and the handlers.
 */
const API_KEY = 'fuzz-test-bootstrap-key-0123456789abcdef';
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS ?? 160);

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

async function send(
  operation: Operation,
  pathValues: string[],
  query: string,
  body: string,
  extraHeaders: Record<string, string>,
) {
  let index = 0;
  const path = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(pathValues[index++] ?? ''));
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  const response = await fetch(`${server.url}/v1${path}?${query}`, {
    method: operation.method,
    headers: { 'x-appwrite-key': API_KEY, 'content-type': 'application/json', ...extraHeaders },
    body: hasBody ? body : undefined,
  });
  requests += 1;
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const text = await response.text();
  return { status: response.status, text };
}

describe('bad input over HTTP never causes a 500', { timeout: 120_000 }, () => {
  for (const operation of operations) {
    it(`${operation.method} /v1${operation.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(oddStrings, { minLength: 3, maxLength: 3 }),
          queryString,
          bodyText(operation.bodyParams),
          oddHeaders,
          async (pathValues, query, body, extraHeaders) => {
            const { status, text } = await send(operation, pathValues, query, body, extraHeaders);
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
