import { fixed, pair, perSecond, rate, times } from './format.ts';
import { compare, type Measurement } from './measure.ts';
import { type ResultRow } from './report.ts';

export interface RatioGoal {
  /** Least acceptable req/s ratio to the baseline. */
  ratio: number;
  /** Largest acceptable p99 as a multiple of the baseline's; unset: no latency goal. */
  p99Multiple?: number;
}

/** A results line for `subject` against `baseline`, with the goal checked. */
export function comparisonRow(
  scenario: string,
  name: string,
  subject: Measurement,
  baseline: Measurement,
  goal: RatioGoal,
  extraGoal?: { text: string; met: boolean },
): ResultRow {
  const figures = compare(subject, baseline);
  const latencyMet =
    goal.p99Multiple === undefined || figures.p99Ms <= goal.p99Multiple * figures.baselineP99Ms;
  const met = figures.ratio >= goal.ratio && latencyMet && subject.failures === 0 && (extraGoal?.met ?? true);
  return {
    scenario,
    name,
    measured: perSecond(figures.reqPerSec, figures.reqPerSecSpread),
    baseline: `${rate(figures.baselineReqPerSec)} req/s`,
    ratio: times(figures.ratio, figures.ratioSpread),
    p99: pair(figures.p99Ms, figures.baselineP99Ms, 'ms'),
    cpu: pair(figures.cpuMsPerRequest, figures.baselineCpuMsPerRequest, 'ms', 2),
    roundTrips: pair(figures.roundTrips, figures.baselineRoundTrips, '', 1),
    peakRss: pair(figures.peakRssMb, figures.baselinePeakRssMb, 'MB'),
    goal: [
      `≥ ${fixed(goal.ratio, 2)}× baseline req/s`,
      ...(goal.p99Multiple === undefined ? [] : [`p99 ≤ ${goal.p99Multiple}× baseline`]),
      ...(extraGoal ? [extraGoal.text] : []),
    ].join('; '),
    met,
  };
}

/** A line with one figure and no baseline: a standalone measurement, or why one could not be made. */
export function singleFigureRow(
  scenario: string,
  name: string,
  measured: string,
  goal: string,
  met?: boolean,
): ResultRow {
  return {
    scenario,
    name,
    measured,
    baseline: '',
    ratio: '',
    p99: '',
    cpu: '',
    roundTrips: '',
    peakRss: '',
    goal,
    met,
  };
}

/** Failed requests, as a note for the report. */
export function failureNotes(measurements: readonly (Measurement | undefined)[]): string[] {
  return measurements
    .filter((measured): measured is Measurement => measured !== undefined && measured.failures > 0)
    .map(
      (measured) =>
        `${measured.label}: ${measured.failures} failed requests; first: \`${measured.firstFailure ?? ''}\``,
    );
}
