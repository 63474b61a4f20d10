import { randomBytes } from 'node:crypto';
import { type Models } from '@roster/db';
import { type InvitationProducer } from '@roster/jobs';

const id = () => randomBytes(10).toString('hex');

/**
 * Writes what `createMembership` writes for an emailed invitation (the invitee's account, a
 * `queued` membership) and enqueues it, without the API's lookups: on the embedded FerretDB those
 * lookups scan whole collections, so the API alone cannot create 50 invitations per second, and
 * the pipeline behind it would not be measured.
 */
export async function directFeed(models: Models, producer: InvitationProducer) {
  const teamId = id();
  const ownerId = id();
  await models.Team.create({ _id: teamId, name: 'Bench Team', search: teamId });
  await models.User.create({ _id: ownerId, name: 'Bench Owner', email: `${ownerId}@example.com` });
  return async (email: string) => {
    const userId = id();
    const membershipId = id();
    const secretVersion = id();
    const now = new Date();
    await models.User.create({ _id: userId, name: '', email, emailLower: email });
    await models.Membership.create({
      _id: membershipId,
      teamId,
      userId,
      roles: [],
      invited: now,
      confirm: false,
      secretHash: 'x'.repeat(64),
      inviterId: ownerId,
      locale: 'en',
      search: `${membershipId} ${userId}`,
      delivery: {
        state: 'queued',
        secretVersion,
        attempts: 0,
        lastError: '',
        url: 'http://localhost:5173/join',
        queuedAt: now,
      },
    });
    await producer.enqueue({ membershipId, secretVersion });
  };
}
