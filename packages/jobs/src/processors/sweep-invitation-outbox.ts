import { type Outbox } from '@roster/db';
import { invitationJobId, type InvitationJobData } from '../invitation-job.ts';
import { invitationKind } from '../mail/kinds/invitation-kind.ts';
import { sweepMailOutbox, type SweepMemory, type SweepResult } from './sweep-mail-outbox.ts';

export { type SweepResult } from './sweep-mail-outbox.ts';

export interface SweepDeps {
  outbox: Pick<Outbox, 'staleQueued'>;
  /** BullMQ state of the job of this membership and version (`unknown` when there is none). */
  jobState(job: InvitationJobData): Promise<string>;
  /** Removes a finished job, so the same id can be added again. */
  removeJob(job: InvitationJobData): Promise<void>;
  enqueue(job: InvitationJobData): Promise<void>;
  /** Invitations queued for less than this are left to the producer. */
  staleAfterMs: number;
  batchSize?: number;
  now?: () => number;
  onError?: (membershipId: string, error: unknown) => void;
  /** Jobs recent sweeps found in flight, not asked about again for a while (sweep-mail-outbox.ts). */
  memory?: SweepMemory;
}

/** The invitation kind's outbox sweep (sweep-mail-outbox.ts), with the invitation's dependencies. */
export function sweepInvitationOutbox(deps: SweepDeps): Promise<SweepResult> {
  const { onError, outbox, ...rest } = deps;
  return sweepMailOutbox<InvitationJobData>({
    ...rest,
    kind: invitationKind,
    id: invitationJobId,
    source: { outbox, mailOutbox: { staleQueued: () => Promise.resolve([]) } },
    ...(onError ? { onError: (key, error) => onError(key.membershipId, error) } : {}),
  });
}
