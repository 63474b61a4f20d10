import { describe, expect, it } from 'vitest';
import { median, pairedRatios, spreadPercent } from './stats.ts';

describe('stats', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reports the spread as half the range over the median', () => {
    expect(spreadPercent([100])).toBe(0);
    expect(spreadPercent([90, 100, 110])).toBeCloseTo(10);
  });

  it('pairs rounds one to one', () => {
    expect(pairedRatios([50, 80], [100, 100])).toEqual([0.5, 0.8]);
    expect(pairedRatios([50], [0])).toEqual([0]);
  });
});
