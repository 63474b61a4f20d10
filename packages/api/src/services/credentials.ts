import { type Repositories } from '@roster/db';

/**
 * Removes every credential a user account holds: its password, all its sessions, and (when they
 * exist) its pending tokens. Called when someone proves ownership of the account's address for
 * the first time (accepting an invitation to a never-verified email, review finding 1): until
 * then anyone could have signed up with that address and set them. Every new kind of credential
 * (verification, recovery, magic-URL or OTP tokens, MFA factors) must be cleared here too.
 *
 * `verifyEmail` marks the address verified in the same write: the caller holds the proof.
 *
 * The password goes first, then the sessions: a sign-in that verified the old password while this
 * runs re-reads the user after storing its session and removes it (`sessions.open`), and a sign-in
 * that stored its session earlier is swept here. A password change already running writes only
 * over the hash it verified (user-profile.ts), which MongoDB makes atomic; FerretDB does not, so a
 * password found again afterwards is cleared once more, with the sessions.
 */
export async function clearCredentials(
  repos: Repositories,
  userId: string,
  options: { verifyEmail?: boolean } = {},
): Promise<void> {
  const clear = async () => {
    // The MFA factors too: an authenticator set up by whoever held the account before would lock
    // the owner out.
    await repos.users.clearCredentials(userId, options);
    await repos.sessions.deleteAllOf(userId);
  };
  await clear();
  const after = await repos.users.byId(userId);
  if (after?.passwordHash) await clear();
}
