import { describe, expect, it } from 'vitest';
import { webhookBackoffDelay, webhookJobId } from './job.ts';

const retry = { attempts: 8, backoffMs: 10_000, maxBackoffMs: 60_000 };

describe('webhookBackoffDelay', () => {
  it('doubles from the base, between half and all of each step', () => {
    expect(webhookBackoffDelay(1, retry, () => 0)).toBe(5_000);
    expect(webhookBackoffDelay(1, retry, () => 1)).toBe(10_000);
    expect(webhookBackoffDelay(2, retry, () => 0)).toBe(10_000);
    expect(webhookBackoffDelay(3, retry, () => 1)).toBe(40_000);
  });

  it('is capped', () => {
    expect(webhookBackoffDelay(10, retry, () => 1)).toBe(60_000);
    expect(webhookBackoffDelay(10, retry, () => 0)).toBe(30_000);
  });

  it('spreads a burst of retries', () => {
    const delays = new Set(Array.from({ length: 50 }, () => webhookBackoffDelay(4, retry)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('webhookJobId', () => {
  it('has no colon (BullMQ refuses it in custom ids)', () => {
    expect(webhookJobId('ev1', 'wh1')).toBe('ev1/wh1');
  });
});
