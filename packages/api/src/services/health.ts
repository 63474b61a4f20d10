/** One dependency the service needs: the database, Redis or the SMTP server. */
export type HealthCheck = () => Promise<void>;

export interface HealthChecks {
  database: HealthCheck;
  redis: HealthCheck;
  smtp: HealthCheck;
}

/** Shaped like Appwrite's HealthStatus model: `ping` in milliseconds, `status` pass or fail. */
export interface HealthStatus {
  status: 'pass' | 'fail';
  ping: number;
  /** Why the check failed; empty when it passed. */
  message: string;
}

export interface HealthReport {
  status: 'pass' | 'fail';
  checks: Record<keyof HealthChecks, HealthStatus>;
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

/** Runs every check in parallel, each bounded by `timeoutMs`; the report passes when all pass. */
export async function checkHealth(checks: HealthChecks, timeoutMs = 2000): Promise<HealthReport> {
  const [database, redis, smtp] = await Promise.all([
    run(checks.database, timeoutMs),
    run(checks.redis, timeoutMs),
    run(checks.smtp, timeoutMs),
  ]);
  const all = { database, redis, smtp };
  const status = Object.values(all).every((check) => check.status === 'pass') ? 'pass' : 'fail';
  return { status, checks: all };
}
