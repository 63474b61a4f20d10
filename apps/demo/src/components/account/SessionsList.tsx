import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { providerLabel, formatTime } from '../../lib/account-labels.ts';
import { useTRPC, useTRPCClient } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

/**
 * The user's sessions (`account.listSessions`), this browser's marked; end another one
 * (`account.deleteSession`: that device is signed out) or all the others (one `deleteSession` each: the API's
 * `deleteSessions` would end this one too).
 */
export function SessionsList() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.listSessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.account.listSessions.pathFilter());
  const signOut = useMutation(trpc.account.deleteSession.mutationOptions({ onSettled: refresh }));
  const signOutOthers = useMutation({
    mutationFn: async (sessionIds: string[]) => {
      for (const sessionId of sessionIds) await client.account.deleteSession.mutate({ sessionId });
    },
    onSettled: refresh,
  });

  const others = sessions.data?.sessions.filter((session) => !session.current) ?? [];
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      {sessions.isPending && <p aria-busy="true">Loading…</p>}
      <ErrorMessage error={sessions.error ?? signOut.error ?? signOutOthers.error} />
      {sessions.data && (
        <table className="list" aria-label="Sessions">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">How</th>
              <th scope="col">From</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.sessions.map((session) => (
              <tr key={session.$id}>
                <td>{formatTime(session.$createdAt)}</td>
                <td>{providerLabel(session.provider)}</td>
                <td>{session.ip}</td>
                <td>
                  {session.current ? (
                    <span className="badge">This browser</span>
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`End the session of ${formatTime(session.$createdAt)} from ${session.ip}`}
                      disabled={signOut.isPending || signOutOthers.isPending}
                      onClick={() => signOut.mutate({ sessionId: session.$id })}
                    >
                      End
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {others.length > 0 && (
        <button
          type="button"
          className="secondary"
          disabled={signOutOthers.isPending}
          onClick={() => signOutOthers.mutate(others.map((session) => session.$id))}
        >
          {signOutOthers.isPending ? 'Ending…' : 'End all other sessions'}
        </button>
      )}
    </section>
  );
}
