import { randomBytes } from 'node:crypto';
import { type Connection } from '@roster/db';
import { type RedisInvitationQueue } from '@roster/jobs';

const id = () => randomBytes(10).toString('hex');

/**
 * Writes what `createMembership` writes for an emailed invitation (the invitee's account, a
 * `queued` membership) and enqueues it, without the API's lookups: on the embedded FerretDB those
 * lookups scan whole collections, so the API alone cannot create 50 invitations per second, and
 * the pipeline behind it would not be measured.
 */
export async function directFeed(connection: Connection, producer: RedisInvitationQueue) {
  // Straight through the driver, with the fields the mail worker reads.
  const [teams, users, memberships] = ['teams', 'users', 'memberships'].map((name) =>
    connection.collection(name),
  );
  const teamId = id();
  const ownerId = id();
  const created = () => ({ createdAt: new Date(), updatedAt: new Date() });
  await teams!.insertOne({
    _id: teamId as never,
    name: 'Bench Team',
    search: teamId,
    prefs: '{}',
    ...created(),
  });
  await users!.insertOne({
    _id: ownerId as never,
    name: 'Bench Owner',
    email: `${ownerId}@example.com`,
    ...created(),
  });
  return async (email: string) => {
    const userId = id();
    const membershipId = id();
    const secretVersion = id();
    const now = new Date();
    await users!.insertOne({ _id: userId as never, name: '', email, emailLower: email, ...created() });
    await memberships!.insertOne({
      _id: membershipId as never,
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
      ...created(),
    });
    await producer.enqueue({ membershipId, secretVersion });
  };
}
