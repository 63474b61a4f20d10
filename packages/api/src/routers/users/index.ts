import { router } from '../../trpc.ts';
import { create } from './create.ts';
import {
  createArgon2User,
  createBcryptUser,
  createMD5User,
  createPHPassUser,
  createSHAUser,
  createScryptModifiedUser,
  createScryptUser,
} from './create-hashed.ts';
import { createJWT } from './create-jwt.ts';
import { createSession } from './create-session.ts';
import { createToken } from './create-token.ts';
import { deleteProcedure } from './delete.ts';
import { deleteSession } from './delete-session.ts';
import { deleteSessions } from './delete-sessions.ts';
import { get } from './get.ts';
import { list } from './list.ts';
import { listMemberships } from './list-memberships.ts';
import { getPrefs } from './get-prefs.ts';
import { listSessions } from './list-sessions.ts';
import { updateEmail } from './update-email.ts';
import { updateName } from './update-name.ts';
import { updatePassword } from './update-password.ts';
import { updatePrefs } from './update-prefs.ts';
import { listLogsProcedure } from './list-logs.ts';
import { updatePhone } from './update-phone.ts';
import { updateLabels } from './update-labels.ts';
import { updateStatus } from './update-status.ts';
import { updateEmailVerification, updatePhoneVerification } from './update-verification.ts';
import { listMFAFactors, updateMFA } from './mfa.ts';
import { createMFARecoveryCodes, getMFARecoveryCodes, updateMFARecoveryCodes } from './mfa-recovery-codes.ts';
import { deleteMFAAuthenticator } from './mfa-authenticator.ts';
import { listIdentities } from './list-identities.ts';
import { deleteIdentity } from './delete-identity.ts';

/** The Users service (API keys with users.read / users.write). */
export const usersRouter = router({
  // First: the REST adapter matches paths in this order, and `/users/identities` must not be read
  // as `/users/{userId}` (literal paths before parameters).
  listIdentities,
  deleteIdentity,
  create,
  createJWT,
  get,
  list,
  listMemberships,
  delete: deleteProcedure,
  updateName,
  updateEmail,
  updatePassword,
  getPrefs,
  updatePrefs,
  createSession,
  createToken,
  listSessions,
  deleteSession,
  deleteSessions,
  listLogs: listLogsProcedure,
  createArgon2User,
  createBcryptUser,
  createMD5User,
  createPHPassUser,
  createSHAUser,
  createScryptUser,
  createScryptModifiedUser,
  updatePhone,
  updateLabels,
  updateStatus,
  updateEmailVerification,
  updatePhoneVerification,
  updateMFA,
  listMFAFactors,
  getMFARecoveryCodes,
  createMFARecoveryCodes,
  updateMFARecoveryCodes,
  deleteMFAAuthenticator,
});
