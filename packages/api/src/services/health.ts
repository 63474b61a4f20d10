import { resolvePrincipal } from '../auth/resolve-principal.ts';
import { type ApiDeps, type HttpRequest } from '../context.ts';

/** One dependency the service needs: the database, Redis or the SMTP server. */
export type HealthCheck = () => Promise<void>;

/** How deep a job queue is; what `/health` shows of the invitation email queue. */
export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Age of the oldest waiting job in milliseconds (0 when none waits). */
  oldestWaitingMs: number;
}

export interface HealthChecks {
  database: HealthCheck;
  redis: HealthCheck;
  smtp: HealthCheck;
  /** The mail queue's depth. Informative: it never fails the report (Redis itself is a check). */
  mailQueue?: () => Promise<QueueDepth>;
}

type DependencyName = 'database' | 'redis' | 'smtp';

/** Shaped like Appwrite's HealthStatus model: `ping` in milliseconds, `status` pass or fail. */
export interface HealthStatus {
  status: 'pass' | 'fail';
  ping: number;
  /** Why the check failed; empty when it passed. */
  message: string;
}

/** A queue's depth, or (`status: fail`, zeros) why it could not be read. */
export interface QueueHealth extends QueueDepth {
  status: 'pass' | 'fail';
  message: string;
}

export interface HealthReport {
  status: 'pass' | 'fail';
  checks: Record<DependencyName, HealthStatus>;
  queues?: { mail: QueueHealth };
}

const NO_DEPTH: QueueDepth = { waiting: 0, active: 0, delayed: 0, failed: 0, oldestWaitingMs: 0 };

async function readQueue(read: () => Promise<QueueDepth>, timeoutMs: number): Promise<QueueHealth> {
  let depth = NO_DEPTH;
  const status = await run(async () => {
    depth = await read();
  }, timeoutMs);
  return { status: status.status, message: status.message, ...depth };
}

async function run(check: HealthCheck, timeoutMs: number): Promise<HealthStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'pass', ping: Math.round(performance.now() - started), message: '' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'fail', ping: Math.round(performance.now() - started), message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every check in parallel, each bounded by `timeoutMs`; the report passes when all pass. The
 * mail queue's depth, when available, is added under `queues` without affecting the status.
 */
export async function checkHealth(checks: HealthChecks, timeoutMs = 2000): Promise<HealthReport> {
  const [database, redis, smtp, mail] = await Promise.all([
    run(checks.database, timeoutMs),
    run(checks.redis, timeoutMs),
    run(checks.smtp, timeoutMs),
    checks.mailQueue ? readQueue(checks.mailQueue, timeoutMs) : undefined,
  ]);
  const all = { database, redis, smtp };
  const status = Object.values(all).every((check) => check.status === 'pass') ? 'pass' : 'fail';
  return { status, checks: all, ...(mail ? { queues: { mail } } : {}) };
}

/** What anyone may see: whether the service is healthy, not why (error texts name hosts and addresses). */
export interface PublicHealthReport {
  status: 'pass' | 'fail';
}

/** Any valid API key, whatever its scopes, sees the details; an invalid one is treated as none. */
async function mayReadDetails(deps: ApiDeps, req: HttpRequest): Promise<boolean> {
  if (req.headers['x-appwrite-key'] === undefined) return false;
  try {
    return (await resolvePrincipal(deps, req)).kind === 'key';
  } catch {
    return false;
  }
}

/**
 * `/health` and `health.get`: every check runs, the status is public, and the full report
 * (checks, their messages, the mail queue) goes only to callers with a valid API key.
 */
export async function healthFor(deps: ApiDeps, req: HttpRequest): Promise<HealthReport | PublicHealthReport> {
  const [report, details] = await Promise.all([checkHealth(deps.health), mayReadDetails(deps, req)]);
  return details ? report : { status: report.status };
}
