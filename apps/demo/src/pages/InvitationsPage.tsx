import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { errorTypeOf } from '../lib/errors.ts';
import { teamPath } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

/**
 * The signed-in user's pending invitations across all teams: accept or decline each without the
 * email (the session says who they are). Needs a verified email address.
 */
export function InvitationsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inbox = useQuery(trpc.account.listInvitations.queryOptions());
  const settled = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.account.listInvitations.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.teams.list.queryKey() }),
    ]);
  const accept = useMutation(trpc.account.acceptInvitation.mutationOptions({ onSettled: settled }));
  const decline = useMutation(trpc.account.declineInvitation.mutationOptions({ onSettled: settled }));
  const busy = accept.isPending || decline.isPending;

  return (
    <section>
      <PageHeading>Invitations</PageHeading>
      {accept.data && (
        <p role="status" className="success">
          You joined {accept.data.teamName}.{' '}
          <Link to={teamPath(accept.data.teamId)}>Open {accept.data.teamName}</Link>
        </p>
      )}
      {decline.isSuccess && (
        <p role="status" className="success">
          Invitation declined.
        </p>
      )}
      <ErrorMessage error={accept.error ?? decline.error} />
      {inbox.isPending && <p aria-busy="true">Loading invitations…</p>}
      {errorTypeOf(inbox.error) === 'user_email_not_verified' ? (
        <p className="notice" role="note">
          Verify your email address to see the invitations sent to it.
        </p>
      ) : (
        <ErrorMessage error={inbox.error} />
      )}
      {inbox.data && inbox.data.invitations.length === 0 && <p className="empty">No pending invitations.</p>}
      {inbox.data && inbox.data.invitations.length > 0 && (
        <ul className="invitation-list" aria-label="Pending invitations">
          {inbox.data.invitations.map((invitation) => (
            <li key={invitation.$id} aria-label={invitation.teamName}>
              <strong>{invitation.teamName}</strong>
              {invitation.inviterName && <> · invited by {invitation.inviterName}</>}
              {invitation.roles.length > 0 && <> · roles: {invitation.roles.join(', ')}</>}
              {invitation.expire && <> · valid until {new Date(invitation.expire).toLocaleString()}</>}
              <div className="actions">
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => accept.mutate({ membershipId: invitation.$id })}
                >
                  Accept invitation to {invitation.teamName}
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => decline.mutate({ membershipId: invitation.$id })}
                >
                  Decline invitation to {invitation.teamName}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
