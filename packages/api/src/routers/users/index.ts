import { router } from '../../trpc.ts';

/** The Users service (API keys with users.read / users.write). */
export const usersRouter = router({});
