import { randomBytes } from 'node:crypto';
import { useTestRepositories } from '@roster/db/testing';
import { startMailSink, type MailSink } from '@roster/testkit';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMailTransport, type MailTransport } from '../mail-transport.ts';
import { batchedReads } from '../mail/batched-reads.ts';
import { NO_DELIVERY_STATE, type MailKind } from '../mail/kind.ts';
import { MAIL_TEMPLATES } from '../mail/registry.ts';
import { sendMail, type MailDeps } from './send-mail.ts';

const db = useTestRepositories();
let sink: MailSink;
let transport: MailTransport;
const first = { attempt: 1, maxAttempts: 3 };

/**
 * A kind written the way a new one is (docs/mail.md#adding-an-email-kind): the verification
 * template, job data naming a user and a request, a recipient loaded by id, no delivery state.
 * Everything else (claims, retries, failures, rendering, SMTP) is the shared pipeline's.
 */
const verificationKind: MailKind<{ userId: string; requestId: string }> = {
  name: 'verification',
  jobName: 'mail.test-verification',
  data: z.object({ userId: z.string().min(1), requestId: z.string().min(1) }),
  jobId: ({ userId, requestId }) => `verification/${userId}/${requestId}`,
  ledgerKey: ({ userId, requestId }) => `verification.${userId}/${requestId}`,
  messageIdLocal: ({ userId, requestId }) => `verification.${userId}.${requestId}`,
  describe: ({ userId }) => ({ userId }),
  template: MAIL_TEMPLATES.verification,
  async open({ userId, requestId }, { reads }) {
    const user = await reads.user(userId);
    if (!user) return { gone: 'user deleted' };
    return {
      delivery: NO_DELIVERY_STATE,
      compose: () =>
        Promise.resolve(
          user.email
            ? {
                to: { name: user.name, address: user.email },
                locale: 'de',
                variables: { user: user.name, redirect: `https://app.test/verify?request=${requestId}` },
              }
            : { fail: 'user has no email address' },
        ),
    };
  },
};

let deps: MailDeps;
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

async function user(email: string | null = `${randomBytes(6).toString('hex')}@example.com`) {
  const userId = randomBytes(8).toString('hex');
  await db.store.insert('users', { _id: userId, name: 'Grace Hopper', ...(email ? { email } : {}) });
  return { userId, requestId: randomBytes(8).toString('hex'), email };
}

describe('sendMail with a kind defined in a few lines', () => {
  it('renders its template in the locale, sends once, and a second run sends nothing', async () => {
    const job = await user();
    const result = await sendMail(verificationKind, job, first, deps);
    expect(result).toMatchObject({ outcome: 'sent', attempts: 1, locale: 'de' });
    const [mail] = await sink.waitForMessages(1);
    expect(mail!.subject).toBe('Kontobestätigung für Roster Test');
    expect(mail!.to).toEqual([job.email]);
    expect(mail!.text).toContain(
      `E-Mail-Adresse bestätigen:\nhttps://app.test/verify?request=${job.requestId}`,
    );
    expect(mail!.headers.get('message-id')).toBe(`<verification.${job.userId}.${job.requestId}@roster.test>`);

    expect(await sendMail(verificationKind, job, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'already sent',
    });
    expect(sink.messages).toHaveLength(1);
  });

  it('runs of one job at once send one email; jobs of many users share batched reads', async () => {
    const jobs = await Promise.all(Array.from({ length: 8 }, () => user()));
    const userReads: number[] = [];
    const reads = batchedReads({
      ...db.repos,
      users: {
        byIds: (ids) => {
          userReads.push(ids.length);
          return db.repos.users.byIds(ids);
        },
      },
    });
    const batched = { ...deps, context: { ...deps.context, reads } };
    const results = await Promise.all(
      jobs.flatMap((job) => [
        sendMail(verificationKind, job, first, batched),
        sendMail(verificationKind, job, first, batched),
      ]),
    );
    expect(results.filter((result) => result.outcome === 'sent')).toHaveLength(8);
    // 16 runs read their user in two queries: the first alone, the 15 that came meanwhile together
    // (8 distinct users: one id is asked for once per query).
    expect(userReads).toEqual([1, 8]);
    await sink.waitForMessages(8);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.messages).toHaveLength(8);
  });

  it('a permanent SMTP refusal fails for good; a missing address fails before SMTP', async () => {
    const refused = await user();
    sink.failWith({ code: 550, message: '5.1.1 mailbox unavailable' });
    await expect(sendMail(verificationKind, refused, first, deps)).rejects.toBeInstanceOf(UnrecoverableError);
    sink.failWith(null);

    const noAddress = await user(null);
    await expect(sendMail(verificationKind, noAddress, first, deps)).rejects.toThrow(
      'user has no email address',
    );
    expect(sink.messages).toHaveLength(0);
  });

  it('a transient failure releases the attempt: the retry sends as attempt 2', async () => {
    const job = await user();
    sink.failWith({ code: 451, message: '4.7.1 try again later' });
    await expect(sendMail(verificationKind, job, first, deps)).rejects.toThrow(/451/);
    sink.failWith(null);
    expect(await sendMail(verificationKind, job, { attempt: 2, maxAttempts: 3 }, deps)).toMatchObject({
      outcome: 'sent',
      attempts: 2,
    });
  });

  it('refuses job data its kind does not accept', async () => {
    await expect(sendMail(verificationKind, { userId: '' }, first, deps)).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
  });
});
