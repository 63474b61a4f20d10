import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';

const here = () => window.location.pathname + window.location.search;

/**
 * Ends this session (the API clears the cookie), then loads `then` afresh so nothing of the
 * previous user stays in the cache. By default: sign in again, back to this page.
 */
export function SignOutButton({ label = 'Sign out', then }: { label?: string; then?: string }) {
  const trpc = useTRPC();
  const signOut = useMutation(
    trpc.account.deleteSession.mutationOptions({
      // Even if the session was already gone, the user wants to be signed out here.
      onSettled: () => window.location.assign(then ?? `/sign-in?next=${encodeURIComponent(here())}`),
    }),
  );
  return (
    <button
      type="button"
      className="secondary"
      disabled={signOut.isPending}
      onClick={() => signOut.mutate({ sessionId: 'current' })}
    >
      {signOut.isPending ? 'Signing out…' : label}
    </button>
  );
}
