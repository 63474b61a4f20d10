import { deriveInvitationSecret } from '@roster/db';
import { useTestRepositories } from '@roster/db/testing';
import { startMailSink, type MailSink } from '@roster/testkit';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailTransport, type MailTransport } from '../mail-transport.ts';
import { insertInvitation } from '../testing/invitation-fixtures.ts';
import { sendInvitationEmail, type InvitationMailDeps } from './send-invitation-email.ts';

const db = useTestRepositories();
const SECRET_KEY = 'processor-test-secret-key-0123456789abcdef';
let sink: MailSink;
let transport: MailTransport;
let deps: InvitationMailDeps;
const first = { attempt: 1, maxAttempts: 3 };

beforeAll(async () => {
  sink = await startMailSink();
  transport = createMailTransport(sink.url);
  deps = {
    repos: db.repos,
    outbox: db.repos.outbox,
    send: async (mail) => ({
      messageId: ((await transport.sendMail(mail)) as { messageId: string }).messageId,
    }),
    secretKey: SECRET_KEY,
    projectName: 'Roster Test',
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

const delivery = async (membershipId: string) => (await db.repos.memberships.byId(membershipId))?.delivery;

describe('sendInvitationEmail', () => {
  it('sends the localized email to the invitee with a working link, then marks it sent', async () => {
    // (Through grouped writes, as the worker runtime does.)
    const invite = await insertInvitation(db.store, {
      locale: 'de',
      teamName: 'Analytical Engines',
      url: 'http://localhost:5173/accept#top',
    });
    const before = await db.repos.memberships.byId(invite.membershipId);
    const result = await sendInvitationEmail(invite, first, { ...deps, outbox: db.repos.outbox.grouped() });
    expect(result).toMatchObject({ outcome: 'sent', attempts: 1, resentAfterCrash: false, locale: 'de' });

    const [mail] = await sink.waitForMessages(1);
    expect(mail!.subject).toBe('Einladung zum Analytical Engines-Team auf Roster Test');
    expect(mail!.to).toEqual([invite.inviteeEmail]);
    expect(mail!.from).toBe('no-reply@roster.test');
    expect(mail!.raw).toMatch(/^To: "?Charles Babbage"? <[^>]+>/m);
    expect(mail!.headers.get('message-id')).toBe(
      `<invite.${invite.membershipId}.${invite.secretVersion}@roster.test>`,
    );
    const secret = deriveInvitationSecret(SECRET_KEY, invite.membershipId, invite.secretVersion);
    const link = `http://localhost:5173/accept?membershipId=${invite.membershipId}&userId=${invite.inviteeId}&secret=${secret}&teamId=${invite.teamId}&teamName=Analytical+Engines#top`;
    expect(mail!.text).toContain(link);
    expect(mail!.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);

    const after = await db.repos.memberships.byId(invite.membershipId);
    expect(after?.delivery).toMatchObject({
      state: 'sent',
      attempts: 1,
      lastError: '',
      messageId: mail!.headers.get('message-id'),
    });
    expect(after?.delivery?.sentAt).toBeInstanceOf(Date);
    // Delivery bookkeeping does not touch the membership's own $updatedAt.
    expect(after?.updatedAt).toEqual(before?.updatedAt);
  });

  it('a second run of the same job sends nothing', async () => {
    const invite = await insertInvitation(db.store);
    await sendInvitationEmail(invite, first, deps);
    expect(await sendInvitationEmail(invite, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'already sent',
    });
    expect(sink.messages).toHaveLength(1);
  });

  it('skips a deleted membership, and a rotated secret without touching the new version', async () => {
    const gone = await insertInvitation(db.store);
    await db.store.delete('memberships', { _id: gone.membershipId });
    expect(await sendInvitationEmail(gone, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'membership deleted',
    });

    const rotated = await insertInvitation(db.store);
    await db.store.update(
      'memberships',
      { _id: rotated.membershipId },
      { 'delivery.secretVersion': 'newer' },
    );
    expect(await sendInvitationEmail(rotated, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'secret rotated by a newer invitation',
    });
    expect(await delivery(rotated.membershipId)).toMatchObject({ state: 'queued', secretVersion: 'newer' });
    expect(sink.messages).toHaveLength(0);
  });

  it("a re-invite landing while the email is being sent keeps the new version's delivery fields", async () => {
    const invite = await insertInvitation(db.store);
    const result = await sendInvitationEmail(invite, first, {
      ...deps,
      outbox: db.repos.outbox.grouped(),
      send: async (mail) => {
        // The owner re-invites while the old version's email is with the SMTP server.
        await db.store.update(
          'memberships',
          { _id: invite.membershipId },
          { 'delivery.secretVersion': 'newer', 'delivery.state': 'queued' },
        );
        return deps.send(mail);
      },
    });
    expect(result).toMatchObject({ outcome: 'sent' });
    // The old job's `sent` is not written over the new version, whose own job sends its email.
    expect(await delivery(invite.membershipId)).toMatchObject({ state: 'queued', secretVersion: 'newer' });
    expect(await delivery(invite.membershipId)).not.toHaveProperty('sentAt');
  });

  it('skips, and records why, when the membership is already confirmed', async () => {
    const invite = await insertInvitation(db.store);
    await db.store.update('memberships', { _id: invite.membershipId }, { confirm: true, joined: new Date() });
    expect(await sendInvitationEmail(invite, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'membership already confirmed',
    });
    expect(await delivery(invite.membershipId)).toMatchObject({
      state: 'skipped',
      lastError: 'membership already confirmed',
    });
    expect(sink.messages).toHaveLength(0);
  });

  it('a permanent refusal (550) marks failed with the reply and stops retrying', async () => {
    const invite = await insertInvitation(db.store);
    sink.failWith({ code: 550, message: '5.1.1 mailbox unavailable' });
    const error = await sendInvitationEmail(invite, first, deps).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toBe('550 5.1.1 mailbox unavailable');
    expect(await delivery(invite.membershipId)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: '550 5.1.1 mailbox unavailable',
    });
  });

  it('a transient refusal (451) keeps it queued for a retry, which then sends; the last one gives up', async () => {
    const invite = await insertInvitation(db.store);
    sink.failWith({ code: 451, message: '4.7.1 try again later' });
    const error = await sendInvitationEmail(invite, first, deps).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(UnrecoverableError);
    expect(await delivery(invite.membershipId)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: '451 4.7.1 try again later',
    });
    sink.failWith(null);
    expect(await sendInvitationEmail(invite, { attempt: 2, maxAttempts: 3 }, deps)).toMatchObject({
      outcome: 'sent',
      attempts: 2,
    });
    expect(await delivery(invite.membershipId)).toMatchObject({ state: 'sent', attempts: 2, lastError: '' });

    const doomed = await insertInvitation(db.store);
    sink.failWith({ code: 421, message: 'service not available' });
    await expect(sendInvitationEmail(doomed, { attempt: 3, maxAttempts: 3 }, deps)).rejects.toThrow('421');
    expect(await delivery(doomed.membershipId)).toMatchObject({
      state: 'failed',
      lastError: 'gave up after 1 attempt: 421 service not available',
    });
  });

  it('an unreachable server is a transient failure named by its cause', async () => {
    const invite = await insertInvitation(db.store);
    const down = createMailTransport('smtp://127.0.0.1:1');
    try {
      await expect(
        sendInvitationEmail(invite, first, {
          ...deps,
          send: async (mail) => ({
            messageId: ((await down.sendMail(mail)) as { messageId: string }).messageId,
          }),
        }),
      ).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      down.close();
    }
    expect((await delivery(invite.membershipId))?.lastError).toMatch(/^ESOCKET: connect ECONNREFUSED/);
  });

  it('defers while another worker holds the send claim, and resends once its lease expired', async () => {
    const invite = await insertInvitation(db.store);
    // A worker claimed attempt 0 and died before SMTP answered (nothing released, nothing sent).
    expect(await db.repos.outbox.claimSendAttempt(invite, 0, 'dead-worker')).toBe(true);
    const now = Date.now();
    const deferred = await sendInvitationEmail(invite, first, { ...deps, now: () => now });
    expect(deferred).toMatchObject({ outcome: 'deferred', reason: 'send attempt 1 in progress' });
    expect(deferred.outcome === 'deferred' && deferred.until).toBeGreaterThan(now);
    expect(sink.messages).toHaveLength(0);

    const later = now + deps.leaseMs + 1;
    expect(await sendInvitationEmail(invite, first, { ...deps, now: () => later })).toMatchObject({
      outcome: 'sent',
      attempts: 2,
      resentAfterCrash: true,
    });
    expect(sink.messages).toHaveLength(1);
  });

  it("a worker's heartbeat keeps its claim from expiring", async () => {
    const invite = await insertInvitation(db.store);
    const claimedAt = Date.now();
    await db.repos.outbox.claimSendAttempt(invite, 0, 'slow-worker');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await db.repos.outbox.heartbeatSendAttempt(invite, 0, 'slow-worker');
    const afterFirstLease = claimedAt + deps.leaseMs + 100;
    expect(await db.repos.outbox.readSendLedger(invite, deps.leaseMs, afterFirstLease)).toMatchObject({
      kind: 'busy',
    });
    expect(await db.repos.outbox.readSendLedger(invite, deps.leaseMs, afterFirstLease + 1000)).toMatchObject({
      kind: 'free',
      next: 1,
      unknownOutcome: true,
    });
  });

  it('repairs the membership when a worker died between recording sent and marking it', async () => {
    const invite = await insertInvitation(db.store);
    await db.repos.outbox.claimSendAttempt(invite, 0, 'earlier-worker');
    await db.repos.outbox.recordSent(invite, '<earlier@roster.test>');
    expect(await sendInvitationEmail(invite, first, deps)).toEqual({
      outcome: 'skipped',
      reason: 'already sent',
    });
    expect(await delivery(invite.membershipId)).toMatchObject({
      state: 'sent',
      messageId: '<earlier@roster.test>',
    });
    expect(sink.messages).toHaveLength(0);
  });

  it('of 20 workers starting the same send attempt at once, exactly one gets it', async () => {
    const invite = await insertInvitation(db.store);
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        db.repos.outbox.claimSendAttempt(invite, 0, `worker-${index}`),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    // Grouped into batches, each claim still gets its own answer.
    const grouped = db.repos.outbox.grouped(4);
    const other = await insertInvitation(db.store);
    const groupedWins = await Promise.all(
      Array.from({ length: 20 }, (_, index) => grouped.claimSendAttempt(other, index % 5, `worker-${index}`)),
    );
    expect(groupedWins.filter(Boolean)).toHaveLength(5);
    expect(await db.repos.outbox.readSendLedger(invite, 60_000)).toMatchObject({ kind: 'busy', current: 0 });
  });

  it('refuses job data that is not ids', async () => {
    await expect(sendInvitationEmail({ membershipId: 'x' }, first, deps)).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
  });
});
