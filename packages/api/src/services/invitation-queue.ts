/**
 * Where `createMembership` hands an invitation email (design.md §5). The membership is written
 * first with `delivery.state = queued`; enqueueing may fail (Redis down) without failing the call,
 * because the outbox sweeper picks up whatever stays queued.
 */
export interface InvitationQueue {
  enqueue(job: { membershipId: string; secretVersion: string }): Promise<void>;
}

/** Until the mail pipeline lands, invitations stay in the outbox (`queued`). */
export const outboxOnlyQueue: InvitationQueue = {
  enqueue: () => Promise.resolve(),
};
