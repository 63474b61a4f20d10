import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '../lib/api-types.ts';
import { errorTypeOf } from '../lib/errors.ts';
import { useTRPC } from '../trpc.ts';

export type Session =
  | { status: 'loading' }
  | { status: 'guest' }
  | { status: 'user'; user: User }
  /** Signed in with the first factor; the API wants the second (MFA) before anything else. */
  | { status: 'mfa' }
  | { status: 'error'; error: unknown; retry: () => void };

/** Who is signed in, from `account.get` (the session cookie is httpOnly: only the API can tell). */
export function useSession(): Session {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.get.queryOptions(undefined, { staleTime: 60_000 }));
  if (me.isPending) return { status: 'loading' };
  if (me.isError) {
    const type = errorTypeOf(me.error);
    if (type === 'general_unauthorized_scope' || type === 'user_session_not_found')
      return { status: 'guest' };
    if (type === 'user_more_factors_required') return { status: 'mfa' };
    return { status: 'error', error: me.error, retry: () => void me.refetch() };
  }
  return { status: 'user', user: me.data };
}

/** Re-reads who is signed in (after sign-in, or accepting an invitation that signed the invitee in). */
export function useRefreshSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.account.get.queryKey() });
}
