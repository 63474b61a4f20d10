import { router } from '../../trpc.ts';
import { create } from './create.ts';
import { createEmailPasswordSession } from './create-email-password-session.ts';
import { createSession, updateMagicURLSession } from './create-session.ts';
import { deleteSession } from './delete-session.ts';
import { deleteSessions } from './delete-sessions.ts';
import { get } from './get.ts';
import { listSessions } from './list-sessions.ts';
import { updatePassword } from './update-password.ts';
import { listLogsProcedure } from './list-logs.ts';

/** The Account service: the signed-in user's own account and sessions. */
export const accountRouter = router({
  create,
  createEmailPasswordSession,
  createSession,
  updateMagicURLSession,
  get,
  updatePassword,
  listSessions,
  deleteSession,
  deleteSessions,
  listLogs: listLogsProcedure,
});
