import { withTimeout, type QueueStats } from '@roster/jobs';
import {
  type HealthReport,
  type HealthStatus,
  type PublicHealthReport,
  type QueueHealth,
} from '../dto/health.ts';

/** One dependency the service needs: the database, Redis, the SMTP server or the file store. */
export type HealthCheck = () => Promise<void>;

export interface HealthChecks {
  database: HealthCheck;
  redis: HealthCheck;
  smtp: HealthCheck;
  /** The object store that holds uploaded files (a cheap listing: docs/storage.md#backends). */
  storage: HealthCheck;
  /** The mail queue's depth. Informative: it never fails the report (Redis itself is a check). */
  mailQueue?: () => Promise<QueueStats>;
}

const NO_STATS: QueueStats = { waiting: 0, active: 0, delayed: 0, failed: 0, oldestWaitingMs: 0 };

/** Runs `operation` for at most `timeoutMs`: how long it took, and its value or why it failed. */
async function timed<T>(
  operation: () => Promise<T>,
  timeoutMs: number,
): Promise<HealthStatus & { value?: T }> {
  const started = performance.now();
  const ping = () => Math.round(performance.now() - started);
  try {
    const value = await withTimeout(operation(), timeoutMs);
    return { status: 'pass', ping: ping(), message: '', value };
  } catch (error) {
    return { status: 'fail', ping: ping(), message: error instanceof Error ? error.message : String(error) };
  }
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<HealthStatus> {
  const { status, ping, message } = await timed(check, timeoutMs);
  return { status, ping, message };
}

async function readQueue(read: () => Promise<QueueStats>, timeoutMs: number): Promise<QueueHealth> {
  const { status, message, value = NO_STATS } = await timed(read, timeoutMs);
  return { status, message, ...value };
}

/**
 * Runs every check in parallel, each bounded by `timeoutMs`; the report passes when all pass. The
 * mail queue's depth, when available, is added under `queues` without affecting the status.
 */
export async function checkHealth(checks: HealthChecks, timeoutMs = 2000): Promise<HealthReport> {
  const [database, redis, smtp, storage, mail] = await Promise.all([
    runCheck(checks.database, timeoutMs),
    runCheck(checks.redis, timeoutMs),
    runCheck(checks.smtp, timeoutMs),
    runCheck(checks.storage, timeoutMs),
    checks.mailQueue ? readQueue(checks.mailQueue, timeoutMs) : undefined,
  ]);
  const all = { database, redis, smtp, storage };
  const status = Object.values(all).every((check) => check.status === 'pass') ? 'pass' : 'fail';
  return { status, checks: all, ...(mail ? { queues: { mail } } : {}) };
}

/**
 * `/health` and `health.get`: every check runs, the status is public, and the full report
 * (checks, their messages, the mail queue) goes only to callers who may read it (API keys).
 */
export async function healthFor(
  checks: HealthChecks,
  withDetails: boolean,
): Promise<HealthReport | PublicHealthReport> {
  const report = await checkHealth(checks);
  return withDetails ? report : { status: report.status };
}
