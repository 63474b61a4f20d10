import { type Models } from '@roster/db';
import { type DeliveryWrites } from './delivery-writes.ts';

/**
 * Who may send the email of one (membership, secret version), decided by inserting claims: on
 * FerretDB only an insert into a unique index settles a race (docs/database.md).
 *
 * - `mail/<m>/<v>/<n>`: send attempt `n` (0, 1, …) is running; inserted before talking to SMTP.
 *   Its `holder` is `<worker>@<epoch ms>`, refreshed by the running worker (a heartbeat; the only
 *   update here, and only ever by that one worker).
 * - `mail/<m>/<v>/<n>/released`: attempt `n` ended without the server accepting the message.
 * - `mail/<m>/<v>/sent`: the server accepted it (`holder` = Message-ID).
 */
function prefix(membershipId: string, secretVersion: string): string {
  return `mail/${membershipId}/${secretVersion}/`;
}

export type SendLedger =
  | { kind: 'sent'; messageId: string }
  /** Nobody is sending: attempt `next` may start. `unknownOutcome`: the previous attempt vanished. */
  | { kind: 'free'; next: number; unknownOutcome: boolean }
  /** Attempt `current` is running (or its worker was last heard of less than a lease ago). */
  | { kind: 'busy'; current: number; until: number };

/** When the worker of a claim was last heard of: its heartbeat, else the claim's creation. */
function lastSeen(claim: { holder: string; createdAt: Date }): number {
  const beat = Number(/@(\d+)$/.exec(claim.holder)?.[1] ?? 0);
  return Math.max(beat, claim.createdAt.getTime());
}

function holderAt(holder: string, now = Date.now()): string {
  return `${holder}@${now}`;
}

export async function readSendLedger(
  models: Models,
  key: { membershipId: string; secretVersion: string },
  leaseMs: number,
  now = Date.now(),
): Promise<SendLedger> {
  // Point reads by `_id` only: FerretDB v1 answers any other filter on `_id` (a range, `$in`) by
  // scanning the whole collection. Attempts are few, so walking them one by one is cheap.
  const start = prefix(key.membershipId, key.secretVersion);
  const read = (suffix: string) => models.Claim.findById(`${start}${suffix}`).lean();
  for (let generation = 0; ; generation += 1) {
    const claim = await read(String(generation));
    // No attempt started: nothing can have been sent (`sent` comes after attempt 0's claim).
    if (!claim) return { kind: 'free', next: generation, unknownOutcome: false };
    const [sent, released] = await Promise.all([
      generation === 0 ? read('sent') : null,
      read(`${generation}/released`),
    ]);
    if (sent) return { kind: 'sent', messageId: sent.holder };
    if (released) continue;
    // Attempt `generation` never ended: its worker is either still at it or gone.
    const until = lastSeen(claim) + leaseMs;
    if (until > now) return { kind: 'busy', current: generation, until };
    return { kind: 'free', next: generation + 1, unknownOutcome: true };
  }
}

/** Starts attempt `generation`; false when another worker started it first. */
export function claimSendAttempt(
  writes: DeliveryWrites,
  key: { membershipId: string; secretVersion: string },
  generation: number,
  holder: string,
): Promise<boolean> {
  return writes.insertClaim(`${prefix(key.membershipId, key.secretVersion)}${generation}`, holderAt(holder));
}

/** The worker of attempt `generation` is alive: pushes its lease forward. */
export async function heartbeatSendAttempt(
  models: Models,
  key: { membershipId: string; secretVersion: string },
  generation: number,
  holder: string,
): Promise<void> {
  await models.Claim.updateOne(
    { _id: `${prefix(key.membershipId, key.secretVersion)}${generation}` },
    { $set: { holder: holderAt(holder) } },
  );
}

/** Attempt `generation` is over and the server did not take the message: the next may start. */
export async function releaseSendAttempt(
  writes: DeliveryWrites,
  key: { membershipId: string; secretVersion: string },
  generation: number,
  reason: string,
): Promise<void> {
  await writes.insertClaim(
    `${prefix(key.membershipId, key.secretVersion)}${generation}/released`,
    reason.slice(0, 500),
  );
}

/** The server accepted the message; recorded before the membership shows `sent`. */
export async function recordSent(
  writes: DeliveryWrites,
  key: { membershipId: string; secretVersion: string },
  messageId: string,
): Promise<void> {
  await writes.insertClaim(`${prefix(key.membershipId, key.secretVersion)}sent`, messageId);
}
