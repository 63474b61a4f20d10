import { type Models } from '@roster/db';
import { deleteSessionsOf } from './sessions.ts';

/**
 * Removes every credential a user account holds: its password, all its sessions, and (when they
 * exist) its pending tokens. Called when someone proves ownership of the account's address for
 * the first time (accepting an invitation to a never-verified email, review finding 1): until
 * then anyone could have signed up with that address and set them. Every new kind of credential
 * (verification, recovery, magic-URL or OTP tokens, MFA factors) must be cleared here too.
 *
 * The password goes first, then the sessions: a sign-in that verified the old password while this
 * runs re-reads the user after storing its session and removes it (sessions.ts), and a sign-in
 * that stored its session earlier is swept here. A password change already running writes only
 * over the hash it verified (user-profile.ts), which MongoDB makes atomic; FerretDB does not, so a
 * password found again afterwards is cleared once more, with the sessions.
 */
export async function clearCredentials(models: Models, userId: string): Promise<void> {
  const clear = async () => {
    await models.User.updateOne({ _id: userId }, { $unset: { passwordHash: 1, passwordUpdate: 1 } });
    await deleteSessionsOf(models, userId);
  };
  await clear();
  const after = await models.User.findById(userId).lean();
  if (after?.passwordHash) await clear();
}
