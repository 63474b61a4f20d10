/** The middle value (mean of the two middle ones for an even count); 0 for no samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Half the range as a share of the median (±%): how much the rounds disagree. */
export function spreadPercent(samples: readonly number[]): number {
  const middle = median(samples);
  if (samples.length < 2 || middle === 0) return 0;
  return ((Math.max(...samples) - Math.min(...samples)) / 2 / middle) * 100;
}

/**
 * Per-round ratios of two series measured in alternation (round i of `subject` against round i of
 * `baseline`), summarised by their median: drift on a shared machine moves both sides of a pair.
 */
export function pairedRatios(subject: readonly number[], baseline: readonly number[]): number[] {
  return subject.map((value, index) => {
    const base = baseline[index] ?? 0;
    return base === 0 ? 0 : value / base;
  });
}
