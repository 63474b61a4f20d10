import { randomBytes } from 'node:crypto';
import { useTestRepositories } from '@roster/db/testing';
import { startMailSink, type MailSink } from '@roster/testkit';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMailTransport, type MailTransport } from '../mail-transport.ts';
import { batchedReads } from '../mail/batched-reads.ts';
import { outboxKind, requestMail } from '../mail/outbox-kind.ts';
import { MAIL_TEMPLATES } from '../mail/registry.ts';
import { sendMail, type MailDeps } from './send-mail.ts';
import { sweepMailOutbox } from './sweep-mail-outbox.ts';

const db = useTestRepositories();
let sink: MailSink;
let transport: MailTransport;
let deps: MailDeps;
const first = { attempt: 1, maxAttempts: 3 };

/** A password recovery kind as its route would declare it: ids in the job, the rest composed. */
const recoveryKind = outboxKind({
  name: 'recovery',
  jobName: 'mail.test-recovery',
  data: z.object({ userId: z.string().min(1), tokenId: z.string().regex(/^[a-zA-Z0-9._-]+$/) }),
  template: MAIL_TEMPLATES.recovery,
  id: ({ tokenId }) => tokenId,
  describe: ({ userId }) => ({ userId }),
  async compose({ userId, tokenId }, { reads }) {
    const user = await reads.user(userId);
    if (!user?.email) return { fail: 'user has no email address' };
    return {
      to: { name: user.name, address: user.email },
      locale: 'fr',
      variables: { user: user.name, redirect: `https://app.test/recover?userId=${userId}&token=${tokenId}` },
    };
  },
});

beforeAll(async () => {
  sink = await startMailSink();
  transport = createMailTransport(sink.url);
  const outbox = db.repos.outbox.grouped();
  deps = {
    context: {
      reads: batchedReads(db.repos),
      outbox,
      mailOutbox: db.repos.mailOutbox,
      secretKey: 'k'.repeat(40),
      projectName: 'Roster Test',
    },
    ledger: outbox,
    send: async (mail) => ({
      messageId: ((await transport.sendMail(mail)) as { messageId: string }).messageId,
    }),
    from: 'Roster <no-reply@roster.test>',
    templates: {},
    leaseMs: 2000,
    holder: 'test',
  };
});
afterAll(async () => {
  transport.close();
  await sink.stop();
});
beforeEach(() => {
  sink.clear();
  sink.failWith(null);
});

async function recoveryJob() {
  const userId = randomBytes(8).toString('hex');
  const email = `${userId}@example.com`;
  await db.store.insert('users', { _id: userId, name: 'Grace Hopper', email });
  return { userId, tokenId: randomBytes(8).toString('hex'), email };
}

const redisDown = () => Promise.reject(new Error('Redis is not connected (reconnecting)'));
const entry = (tokenId: string) => db.repos.mailOutbox.byId('recovery', tokenId);

describe('a kind kept in the mail outbox', () => {
  it('requested while Redis is down: the sweeper queues it, the worker sends it once and records it', async () => {
    const { email, ...job } = await recoveryJob();
    const queued: unknown[] = [];
    expect(
      await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue: redisDown }, recoveryKind, job),
    ).toBe(true);
    // Requested again (a retried request): one entry, nothing more to queue.
    expect(
      await requestMail({ mailOutbox: db.repos.mailOutbox, enqueue: redisDown }, recoveryKind, job),
    ).toBe(false);
    expect(await entry(job.tokenId)).toMatchObject({ state: 'queued', job });

    const swept = await sweepMailOutbox({
      kind: recoveryKind,
      source: db.repos,
      staleAfterMs: 0,
      jobState: () => Promise.resolve('unknown'),
      removeJob: () => Promise.resolve(),
      enqueue: (key) => {
        queued.push(key);
        return Promise.resolve();
      },
    });
    expect(swept).toMatchObject({ enqueued: 1 });
    expect(queued).toContainEqual(job);

    expect(await sendMail(recoveryKind, job, first, deps)).toMatchObject({ outcome: 'sent', locale: 'fr' });
    const [mail] = await sink.waitForMessages(1);
    expect(mail!.to).toEqual([email]);
    expect(mail!.subject).toBe('Réinitialisation du mot de passe Roster Test');
    expect(mail!.text).toContain(`https://app.test/recover?userId=${job.userId}&token=${job.tokenId}`);
    expect(await entry(job.tokenId)).toMatchObject({ state: 'sent', attempts: 1, lastError: '' });

    // A second run (the sweeper racing the job) sends nothing, and a sent entry is never swept.
    expect(await sendMail(recoveryKind, job, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'already sent',
    });
    expect(sink.messages).toHaveLength(1);
    const again = await sweepMailOutbox({
      kind: recoveryKind,
      source: db.repos,
      staleAfterMs: 0,
      jobState: () => Promise.resolve('unknown'),
      removeJob: () => Promise.resolve(),
      enqueue: (key) => {
        queued.push(key);
        return Promise.resolve();
      },
    });
    expect(queued.filter((key) => JSON.stringify(key) === JSON.stringify(job))).toHaveLength(1);
    expect(again.scanned).toBe(queued.length - 1);
  });

  it('records failed attempts and a permanent refusal on the entry', async () => {
    const { email: _email, ...job } = await recoveryJob();
    await requestMail(
      { mailOutbox: db.repos.mailOutbox, enqueue: () => Promise.resolve() },
      recoveryKind,
      job,
    );
    sink.failWith({ code: 451, message: '4.7.1 try again later' });
    await expect(sendMail(recoveryKind, job, first, deps)).rejects.toThrow(/451/);
    expect(await entry(job.tokenId)).toMatchObject({ state: 'queued', attempts: 1 });
    sink.failWith({ code: 550, message: '5.1.1 mailbox unavailable' });
    await expect(sendMail(recoveryKind, job, { attempt: 2, maxAttempts: 3 }, deps)).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    expect(await entry(job.tokenId)).toMatchObject({ state: 'failed', attempts: 2 });
    expect((await entry(job.tokenId))?.lastError).toMatch(/550/);
    // Failed for good: a later run of the job leaves it alone.
    sink.failWith(null);
    expect(await sendMail(recoveryKind, job, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'delivery already failed',
    });
  });

  it('a job whose request is gone sends nothing', async () => {
    const { email: _email, ...job } = await recoveryJob();
    expect(await sendMail(recoveryKind, job, first, deps)).toMatchObject({ outcome: 'skipped' });
    expect(sink.messages).toHaveLength(0);
  });
});
