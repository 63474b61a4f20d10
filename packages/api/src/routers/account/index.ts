import { router } from '../../trpc.ts';
import { create } from './create.ts';
import { createJWT } from './create-jwt.ts';
import { createEmailPasswordSession } from './create-email-password-session.ts';
import { deleteSession } from './delete-session.ts';
import { deleteSessions } from './delete-sessions.ts';
import { get } from './get.ts';
import { getJWKS } from './get-jwks.ts';
import { listSessions } from './list-sessions.ts';
import { updatePassword } from './update-password.ts';
import { listLogsProcedure } from './list-logs.ts';

/** The Account service: the signed-in user's own account and sessions. */
export const accountRouter = router({
  create,
  createJWT,
  createEmailPasswordSession,
  get,
  getJWKS,
  updatePassword,
  listSessions,
  deleteSession,
  deleteSessions,
  listLogs: listLogsProcedure,
});
