/**
 * Child process of lib/load.ts: runs autocannon with the spec file given as argument and prints
 * one JSON line (LoadResult).
 */
import { readFile, rm } from 'node:fs/promises';
import autocannon from 'autocannon';
import { type LoadResult, type LoadSpec } from './load.ts';

const specFile = process.argv[2];
if (!specFile) throw new Error('usage: load-worker.ts <spec.json>');
const spec = JSON.parse(await readFile(specFile, 'utf8')) as LoadSpec;
await rm(specFile, { force: true });

let next = 0;
let firstFailure: string | undefined;
let firstSent = 0;
let lastAnswered = 0;
const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  timeout: spec.timeout ?? 120,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
  requests: [
    {
      setupRequest: (request) => {
        if (firstSent === 0) firstSent = performance.now();
        const chosen = spec.requests[next % spec.requests.length];
        next += 1;
        if (!chosen) return request;
        return {
          ...request,
          method: chosen.method,
          path: chosen.path,
          headers: { ...chosen.headers, ...(chosen.body ? { 'content-type': 'application/json' } : {}) },
          ...(chosen.body ? { body: chosen.body } : {}),
        };
      },
      onResponse: (status, body) => {
        lastAnswered = performance.now();
        if ((status < 200 || status >= 300) && firstFailure === undefined) {
          firstFailure = `${status} ${body.slice(0, 300)}`;
        }
      },
    },
  ],
});
const result = await instance;
// From the first request to the last response: autocannon's own `duration` is rounded up to its
// one-second ticks, which distorts short fixed-amount runs.
const seconds = lastAnswered > firstSent ? (lastAnswered - firstSent) / 1000 : result.duration;
const summary: LoadResult = {
  requests: result.requests.total,
  seconds,
  reqPerSec: seconds > 0 ? result.requests.total / seconds : 0,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  failures: result.non2xx + result.errors + result.timeouts,
  ...(firstFailure === undefined ? {} : { firstFailure }),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
