import { type MailOutbox } from '@roster/db';
import { type z } from 'zod';
import { type DeliveryState, type MailComposition, type MailContext, type MailKind } from './kind.ts';
import { type AnyMailTemplate } from './template.ts';

/** What a kind kept in the mail outbox says about itself (docs/mail.md#adding-an-email-kind). */
export interface OutboxKindSpec<Key> {
  name: string;
  jobName: string;
  /** The job's data: ids only. */
  data: z.ZodType<Key>;
  template: AnyMailTemplate;
  /** The email's id within its kind, without `/` (e.g. the token's id): one entry, job and ledger per email. */
  id(key: Key): string;
  describe(key: Key): Record<string, string>;
  /** Who gets it and with what (the token read, its expiry checked, the link's secret derived). */
  compose(key: Key, context: MailContext): Promise<MailComposition>;
}

/** A kind kept in the mail outbox: a `MailKind` that knows each email's id in the outbox. */
export interface OutboxMailKind<Key> extends MailKind<Key> {
  emailId(key: Key): string;
}

/** The kind's delivery state, on its mail outbox entry. */
function entryDelivery(mailOutbox: MailOutbox, kind: string, id: string): DeliveryState {
  return {
    skipped: (reason) => mailOutbox.setDelivery(kind, id, { state: 'skipped', lastError: reason }),
    sent: ({ messageId, at, attempts }) =>
      mailOutbox.setDelivery(kind, id, {
        state: 'sent',
        sentAt: at,
        messageId,
        lastError: '',
        ...(attempts === undefined ? {} : { attempts }),
      }),
    failed: ({ lastError, attempts }) =>
      mailOutbox.setDelivery(kind, id, {
        state: 'failed',
        lastError,
        ...(attempts === undefined ? {} : { attempts }),
      }),
    failedAttempt: (failure) => mailOutbox.setDelivery(kind, id, failure),
  };
}

/**
 * A kind whose requests live in the mail outbox (@roster/db outbox/mail-outbox.ts): the producer
 * writes the entry `queued` and then adds the job (`requestMail`), the sweeper re-queues entries
 * that stay `queued`, and the worker records the delivery on the entry. The kind itself only says
 * how to compose its email.
 */
export function outboxKind<Key>(spec: OutboxKindSpec<Key>): OutboxMailKind<Key> {
  const { name } = spec;
  return {
    name,
    emailId: (key) => spec.id(key),
    jobName: spec.jobName,
    data: spec.data,
    template: spec.template,
    describe: (key) => spec.describe(key),
    jobId: (key) => `${name}/${spec.id(key)}`,
    // Prefixed with the kind: never an invitation's `<membershipId>/<version>` or another kind's.
    ledgerKey: (key) => `${name}.${spec.id(key)}`,
    messageIdLocal: (key) => `${name}.${spec.id(key)}`,
    async open(key, context) {
      const id = spec.id(key);
      const entry = await context.mailOutbox.byId(name, id);
      if (!entry) return { gone: 'no such email request (expired and cleaned up)' };
      if (entry.state === 'sent') return { gone: 'already sent' };
      if (entry.state !== 'queued') return { gone: `delivery already ${entry.state}` };
      return {
        delivery: entryDelivery(context.mailOutbox, name, id),
        compose: () => spec.compose(key, context),
      };
    },
    async staleQueued({ mailOutbox }, options) {
      const jobs = await mailOutbox.staleQueued(name, options);
      return jobs.flatMap((job) => {
        const parsed = spec.data.safeParse(job);
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}

/**
 * Requests one email of an outbox kind: writes its entry `queued`, then adds its job. The job may
 * fail to be added (Redis down) without failing the request: the sweeper queues the entry later.
 * Resolves false when this email had been requested already (nothing is added twice).
 */
export async function requestMail<Key>(
  deps: { mailOutbox: Pick<MailOutbox, 'add'>; enqueue(kind: MailKind<Key>, key: Key): Promise<void> },
  kind: OutboxMailKind<Key>,
  key: Key,
  now = new Date(),
): Promise<boolean> {
  const data = kind.data.parse(key);
  if (!(await deps.mailOutbox.add({ kind: kind.name, id: kind.emailId(data), job: data as object, now }))) {
    return false;
  }
  await deps.enqueue(kind, data).catch(() => {
    // Redis is down or slow: the entry waits `queued` for the sweeper (docs/mail.md#guarantees).
  });
  return true;
}
