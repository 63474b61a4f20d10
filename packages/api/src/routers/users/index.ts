import { router } from '../../trpc.ts';
import { create } from './create.ts';
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
});
