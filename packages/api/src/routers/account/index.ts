import { router } from '../../trpc.ts';

/** The Account service: the signed-in user's own account and sessions. */
export const accountRouter = router({});
