import { leaseLastSeen, type Claims } from '../claims.ts';
import { type InvitationKey } from './invitation-queue.ts';

/**
 * One email of any kind (docs/mail.md): a string without `/`-ambiguity chosen by its kind. An
 * invitation's is `<membershipId>/<secretVersion>` (the ids of the claims it always had); other
 * kinds prefix their name (`verification.<id>/<version>`), so no two kinds share a key.
 */
export type MailKey = string;

/** The ledger key of an invitation email (kept as it was before other kinds existed). */
export const invitationMailKey = ({ membershipId, secretVersion }: InvitationKey): MailKey =>
  `${membershipId}/${secretVersion}`;

/**
 * Who may send one email, decided by inserting claims: on FerretDB only an insert into a unique
 * index settles a race (docs/database.md). For an invitation `<key>` is `<m>/<v>`:
 *
 * - `mail/<key>/<n>`: send attempt `n` (0, 1, …) is running; inserted before talking to SMTP.
 *   It is a lease (claims.ts): its `holder` is `<worker>@<epoch ms>`, refreshed by the running
 *   worker (a heartbeat; the only update here, and only ever by that one worker).
 * - `mail/<key>/<n>/released`: attempt `n` ended without the server accepting the message.
 * - `mail/<key>/sent`: the server accepted it (`holder` = Message-ID).
 */
export function sendClaimPrefix(key: InvitationKey | MailKey): string {
  return `mail/${typeof key === 'string' ? key : invitationMailKey(key)}/`;
}

export type SendLedger =
  | { kind: 'sent'; messageId: string }
  /** Nobody is sending: attempt `next` may start. `unknownOutcome`: the previous attempt vanished. */
  | { kind: 'free'; next: number; unknownOutcome: boolean }
  /** Attempt `current` is running (or its worker was last heard of less than a lease ago). */
  | { kind: 'busy'; current: number; until: number };

export async function readSendLedger(
  claims: Claims,
  key: InvitationKey | MailKey,
  leaseMs: number,
  now = Date.now(),
): Promise<SendLedger> {
  // Point reads by `_id` only: FerretDB v1 answers any other filter on `_id` (a range, `$in`) by
  // scanning the whole collection. Attempts are few, so walking them one by one is cheap.
  const start = sendClaimPrefix(key);
  const read = (suffix: string) => claims.read(`${start}${suffix}`);
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
    const until = leaseLastSeen(claim) + leaseMs;
    if (until > now) return { kind: 'busy', current: generation, until };
    return { kind: 'free', next: generation + 1, unknownOutcome: true };
  }
}
