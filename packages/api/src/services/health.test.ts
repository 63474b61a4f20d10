import { describe, expect, it } from 'vitest';
import { checkHealth } from './health.ts';

const pass = () => Promise.resolve();

describe('checkHealth', () => {
  it('passes when every dependency answers', async () => {
    const report = await checkHealth({ database: pass, redis: pass, smtp: pass, storage: pass });
    expect(report.status).toBe('pass');
    expect(report.checks.database).toMatchObject({ status: 'pass', message: '' });
  });

  it('fails, naming the reason, when one dependency throws; the others still report', async () => {
    const report = await checkHealth({
      database: pass,
      redis: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      smtp: pass,
      storage: pass,
    });
    expect(report.status).toBe('fail');
    expect(report.checks.redis).toMatchObject({
      status: 'fail',
      message: 'connect ECONNREFUSED 127.0.0.1:6379',
    });
    expect(report.checks.smtp.status).toBe('pass');
  });

  it('fails when the file store fails, as when the database does', async () => {
    const report = await checkHealth({
      database: pass,
      redis: pass,
      smtp: pass,
      storage: () => Promise.reject(new Error('The specified bucket does not exist')),
    });
    expect(report.status).toBe('fail');
    expect(report.checks.storage).toMatchObject({
      status: 'fail',
      message: 'The specified bucket does not exist',
    });
    expect(report.checks.database.status).toBe('pass');
  });

  it('fails a check that hangs, after the timeout', async () => {
    const hang = () => new Promise<void>(() => {});
    const report = await checkHealth({ database: hang, redis: pass, smtp: pass, storage: pass }, 50);
    expect(report.checks.database).toMatchObject({ status: 'fail', message: 'no answer within 50 ms' });
    expect(report.checks.database.ping).toBeGreaterThanOrEqual(45);
  });

  it('adds the mail queue depth without letting it fail the report', async () => {
    const depth = { waiting: 3, active: 1, delayed: 2, failed: 4, oldestWaitingMs: 1500 };
    const report = await checkHealth({
      database: pass,
      redis: pass,
      smtp: pass,
      storage: pass,
      mailQueue: () => Promise.resolve(depth),
    });
    expect(report.queues?.mail).toEqual({ status: 'pass', message: '', ...depth });

    const down = await checkHealth({
      database: pass,
      redis: pass,
      smtp: pass,
      storage: pass,
      mailQueue: () => Promise.reject(new Error('Redis is not connected (reconnecting)')),
    });
    expect(down.status).toBe('pass');
    expect(down.queues?.mail).toMatchObject({
      status: 'fail',
      message: 'Redis is not connected (reconnecting)',
      waiting: 0,
    });
    expect(
      (await checkHealth({ database: pass, redis: pass, smtp: pass, storage: pass })).queues,
    ).toBeUndefined();
  });
});
