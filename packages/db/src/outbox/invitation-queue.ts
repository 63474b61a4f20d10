/** One invitation email: a membership at one secret version (a re-invite is a new version). */
export interface InvitationKey {
  membershipId: string;
  secretVersion: string;
}

/**
 * Where an invitation email is handed once its membership is written with `delivery.state =
 * queued` (docs/invitations.md#the-pipeline): the API's invitations and the worker's sweeper enqueue, the
 * mail worker sends. Enqueueing may fail (Redis down) without failing the invitation, because the outbox
 * sweeper picks up whatever stays queued. `@roster/jobs` implements it on BullMQ.
 */
export interface InvitationQueue {
  /** Adds the email's job; a second call with the same key adds nothing. */
  enqueue(job: InvitationKey): Promise<void>;
}
