import { runLoad, type HttpRequestSpec, type LoadResult } from './load.ts';
import { median, pairedRatios, spreadPercent } from './stats.ts';
import { countRoundTrips, type RoundTrips } from './roundtrips.ts';
import { type ServerUnderTest } from './servers.ts';

/** `requests(round)` is called with this round number for the exact round-trip count. */
export const COUNTING_ROUND = -2;
const COUNTED_REQUESTS = 10;

export interface Contender {
  label: string;
  server: ServerUnderTest;
  /** The requests of one run (round `round`, or -1 for the warm-up): fresh data for write flows. */
  requests(round: number): HttpRequestSpec[] | Promise<HttpRequestSpec[]>;
}

export interface LoadShape {
  connections: number;
  /** Seconds per round, or `amount` requests per round. */
  seconds?: number;
  amount?: number;
  warmupSeconds?: number;
  warmupAmount?: number;
  rounds: number;
  /** Requests sent one by one to count round trips exactly (default 10). */
  countRequests?: number;
}

export interface Measurement {
  label: string;
  reqPerSec: number[];
  p50Ms: number[];
  p99Ms: number[];
  /** Server CPU time per request (ms), per round. */
  cpuMsPerRequest: number[];
  roundTrips: RoundTrips;
  peakRssMb: number;
  failures: number;
  firstFailure?: string;
}

/**
 * Warms every contender up, then runs `rounds` rounds in which each contender gets one run, in an
 * order that rotates per round, so slow drift of a shared machine hits every contender alike.
 */
export async function measureAlternating(
  contenders: readonly Contender[],
  shape: LoadShape,
  log: (line: string) => void,
): Promise<Measurement[]> {
  const run = async (contender: Contender, round: number, warmup: boolean): Promise<LoadResult> => {
    const requests = await contender.requests(round);
    return runLoad({
      url: contender.server.url,
      connections: shape.connections,
      requests,
      ...(warmup
        ? shape.warmupAmount
          ? { amount: shape.warmupAmount }
          : { duration: shape.warmupSeconds ?? 2 }
        : shape.amount
          ? { amount: shape.amount }
          : { duration: shape.seconds ?? 5 }),
    });
  };
  const results = contenders.map((contender): Measurement => ({
    label: contender.label,
    reqPerSec: [],
    p50Ms: [],
    p99Ms: [],
    cpuMsPerRequest: [],
    roundTrips: { perRequest: 0, byCommand: {} },
    peakRssMb: 0,
    failures: 0,
  }));
  for (const contender of contenders) await run(contender, -1, true);
  for (let round = 0; round < shape.rounds; round += 1) {
    for (let turn = 0; turn < contenders.length; turn += 1) {
      const index = (turn + round) % contenders.length;
      const contender = contenders[index];
      const result = results[index];
      if (!contender || !result) continue;
      const cpuBefore = contender.server.cpuMs();
      const load = await run(contender, round, false);
      const cpuPerRequest = load.requests > 0 ? (contender.server.cpuMs() - cpuBefore) / load.requests : 0;
      result.reqPerSec.push(load.reqPerSec);
      result.p50Ms.push(load.p50Ms);
      result.p99Ms.push(load.p99Ms);
      result.cpuMsPerRequest.push(cpuPerRequest);
      result.failures += load.failures;
      if (load.firstFailure && !result.firstFailure) result.firstFailure = load.firstFailure;
      log(
        `    round ${round + 1}/${shape.rounds} ${contender.label}: ${load.reqPerSec.toFixed(load.reqPerSec < 10 ? 1 : 0)} req/s, p99 ${load.p99Ms} ms, ${cpuPerRequest.toFixed(2)} CPU ms/req${load.failures ? `, ${load.failures} FAILED (${load.firstFailure ?? ''})` : ''}`,
      );
    }
  }
  for (const [index, contender] of contenders.entries()) {
    const result = results[index];
    if (!result) continue;
    result.peakRssMb = contender.server.memory().peakMb;
    const requests = await contender.requests(COUNTING_ROUND);
    result.roundTrips = await countRoundTrips(
      contender.server,
      Array.from(
        { length: shape.countRequests ?? COUNTED_REQUESTS },
        (_, n) => requests[n % requests.length],
      ).filter((request) => request !== undefined),
    );
  }
  return results;
}

/** The headline figures of a contender against the baseline measured in the same rounds. */
export function compare(subject: Measurement, baseline: Measurement) {
  const ratios = pairedRatios(subject.reqPerSec, baseline.reqPerSec);
  return {
    reqPerSec: median(subject.reqPerSec),
    reqPerSecSpread: spreadPercent(subject.reqPerSec),
    baselineReqPerSec: median(baseline.reqPerSec),
    ratio: median(ratios),
    ratioSpread: spreadPercent(ratios),
    p99Ms: median(subject.p99Ms),
    baselineP99Ms: median(baseline.p99Ms),
    cpuMsPerRequest: median(subject.cpuMsPerRequest),
    baselineCpuMsPerRequest: median(baseline.cpuMsPerRequest),
    roundTrips: subject.roundTrips.perRequest,
    baselineRoundTrips: baseline.roundTrips.perRequest,
    peakRssMb: subject.peakRssMb,
    baselinePeakRssMb: baseline.peakRssMb,
  };
}
