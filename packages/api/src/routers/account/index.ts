import { router } from '../../trpc.ts';
import { create } from './create.ts';
import { createJWT } from './create-jwt.ts';
import { createEmailPasswordSession } from './create-email-password-session.ts';
import { createSession, updateMagicURLSession } from './create-session.ts';
import { createEmailToken, createMagicURLSession, createMagicURLToken } from './create-mailed-token.ts';
import { deleteSession } from './delete-session.ts';
import { deleteSessions } from './delete-sessions.ts';
import { get } from './get.ts';
import { getJWKS } from './get-jwks.ts';
import { listSessions } from './list-sessions.ts';
import { updatePassword } from './update-password.ts';
import { listLogsProcedure } from './list-logs.ts';
import { updateName } from './update-name.ts';
import { updateEmail } from './update-email.ts';
import { updatePhone } from './update-phone.ts';
import { getPrefs } from './get-prefs.ts';
import { updatePrefs } from './update-prefs.ts';
import { updateStatus } from './update-status.ts';
import { listIdentities } from './list-identities.ts';
import { deleteIdentity } from './delete-identity.ts';
import { createOAuth2Session, createOAuth2Token, listOAuth2Providers, oauth2Callback } from './oauth2.ts';
import {
  createChallenge,
  createMFAChallenge,
  listMFAFactors,
  updateChallenge,
  updateMFA,
  updateMFAChallenge,
} from './mfa.ts';
import {
  createMFAAuthenticator,
  deleteMFAAuthenticator,
  updateMFAAuthenticator,
} from './mfa-authenticator.ts';
import { createMFARecoveryCodes, getMFARecoveryCodes, updateMFARecoveryCodes } from './mfa-recovery-codes.ts';
import { createEmailVerification, createVerification } from './create-verification.ts';
import { updateEmailVerification, updateVerification } from './update-verification.ts';
import { createRecovery } from './create-recovery.ts';
import { updateRecovery } from './update-recovery.ts';
import { acceptInvitation, declineInvitation, listInvitations } from './invitations.ts';

/** The Account service: the signed-in user's own account and sessions. */
export const accountRouter = router({
  create,
  createJWT,
  createEmailPasswordSession,
  createSession,
  updateMagicURLSession,
  createMagicURLToken,
  createMagicURLSession,
  createEmailToken,
  get,
  getJWKS,
  updatePassword,
  listSessions,
  deleteSession,
  deleteSessions,
  listLogs: listLogsProcedure,
  updateName,
  updateEmail,
  updatePhone,
  getPrefs,
  updatePrefs,
  updateStatus,
  listIdentities,
  deleteIdentity,
  updateMFA,
  listMFAFactors,
  createMFAAuthenticator,
  updateMFAAuthenticator,
  deleteMFAAuthenticator,
  createMFARecoveryCodes,
  getMFARecoveryCodes,
  updateMFARecoveryCodes,
  createMFAChallenge,
  updateMFAChallenge,
  createChallenge,
  updateChallenge,
  createEmailVerification,
  createVerification,
  listInvitations,
  acceptInvitation,
  declineInvitation,
  updateEmailVerification,
  updateVerification,
  createRecovery,
  updateRecovery,
  createOAuth2Session,
  createOAuth2Token,
  oauth2Callback,
  listOAuth2Providers,
});
