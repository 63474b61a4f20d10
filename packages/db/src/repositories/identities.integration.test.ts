import { describe, expect, it } from 'vitest';
import { generateId } from '../ids.ts';
import { newEpoch } from '../models/epoch.ts';
import { useTestRepositories } from '../testing.ts';

/** The identities repository on the database under test: what it lists, finds and deletes. */
const db = useTestRepositories();

async function user(email = `${generateId()}@example.com`) {
  const created = await db.repos.users.create({ id: generateId(), chosenId: false, name: 'U', email });
  if (!created) throw new Error('user not created');
  return created;
}

describe('identities', () => {
  it('stores an identity of a user, lists only that user’s, deletes only that user’s', async () => {
    const [ada, bob] = [await user(), await user()];
    const linked = await db.repos.identities.create({
      user: ada,
      provider: 'oidc',
      providerUid: `uid-${generateId()}`,
      providerEmail: 'ada@idp.example',
    });
    expect(linked).toMatchObject({ userId: ada._id, provider: 'oidc', providerEmail: 'ada@idp.example' });
    await db.repos.identities.create({ user: bob, provider: 'oidc', providerUid: `uid-${generateId()}` });

    const ofAda = db.repos.identities.of(ada);
    expect(await ofAda.count({}, 100)).toBe(1);
    expect((await ofAda.find({}, { createdAt: 1 }, 0, 10)).map((i) => i._id)).toEqual([linked!._id]);
    expect(await ofAda.byId(linked!._id)).not.toBeNull();
    expect(await db.repos.identities.of(bob).byId(linked!._id)).toBeNull();

    expect(await db.repos.identities.ofUserById(bob, linked!._id)).toBeNull();
    expect(await db.repos.identities.deleteOf(bob, linked!._id)).toBe(false);
    expect(await db.repos.identities.emailOfOther('ada@idp.example', bob._id)).toBe(true);
    expect(await db.repos.identities.emailOfOther('ada@idp.example', ada._id)).toBe(false);

    expect(await db.repos.identities.deleteOf(ada, linked!._id)).toBe(true);
    expect(await ofAda.count({}, 100)).toBe(0);
    expect(await db.repos.identities.deleteOf(ada, linked!._id)).toBe(false);
  });

  it('links one provider account to one user only', async () => {
    const [ada, bob] = [await user(), await user()];
    const providerUid = `uid-${generateId()}`;
    expect(await db.repos.identities.create({ user: ada, provider: 'oidc', providerUid })).not.toBeNull();
    expect(await db.repos.identities.create({ user: bob, provider: 'oidc', providerUid })).toBeNull();
  });

  it('ties identities to the user’s epoch: a deleted user’s are gone, and never reach a new user with the id', async () => {
    const ada = await user();
    await db.repos.identities.create({ user: ada, provider: 'oidc', providerUid: `uid-${generateId()}` });
    // A leftover written for an older user with the same id (a writer that raced the deletion).
    await db.repos.identities.create({
      user: { _id: ada._id, epoch: newEpoch() },
      provider: 'oidc',
      providerUid: `uid-${generateId()}`,
    });
    expect(await db.repos.identities.of(ada).count({}, 100)).toBe(1);
    await db.repos.users.delete(ada);
    expect(await db.store.count('identities', { userId: ada._id })).toBe(1);
    const again = await db.repos.users.create({ id: ada._id, chosenId: true, name: 'U2' });
    expect(await db.repos.identities.of(again!).count({}, 100)).toBe(0);
    expect(await db.store.count('identities', { userId: ada._id })).toBe(0);
  });
});
