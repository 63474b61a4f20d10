import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { NewPasswordField } from '../components/NewPasswordField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { useRefreshSession, type Session } from '../hooks/useSession.ts';
import { parseAcceptLink, type AcceptLink } from '../lib/accept-link.ts';
import { errorTypeOf } from '../lib/errors.ts';
import { teamPath, useLocation } from '../lib/router.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';

/**
 * Where the invitation email's link lands. It shows what the invitee is joining (the server's
 * preview, never the link's own `teamName`, which anyone can write) and waits for an explicit
 * click: mail scanners and link previews open links too, and must not accept for anyone. An
 * invitee without a password may choose one and accept in the same call.
 */
export function AcceptPage({ session }: { session: Session }) {
  const link = parseAcceptLink(useLocation().search);
  if (!link) {
    return (
      <section className="narrow card">
        <PageHeading>Invitation link incomplete</PageHeading>
        <p>
          This link is missing some of its parts. Open the link from the invitation email again, or copy all
          of it into the address bar.
        </p>
      </section>
    );
  }
  return <AcceptInvitation link={link} session={session} />;
}

function AcceptInvitation({ link, session }: { link: AcceptLink; session: Session }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const refreshSession = useRefreshSession();
  // The secret goes in a POST body (never a query string the server might log): the preview is a
  // mutation, read here like a query.
  const preview = useQuery({
    queryKey: ['invitationPreview', link.teamId, link.membershipId],
    queryFn: () =>
      client.teams.previewMembership.mutate({
        teamId: link.teamId,
        membershipId: link.membershipId,
        secret: link.secret,
      }),
    retry: false,
    staleTime: Infinity,
  });
  const onSuccess = () => refreshSession();
  const accept = useMutation(trpc.teams.updateMembershipStatus.mutationOptions({ onSuccess }));
  const acceptWithPassword = useMutation(
    trpc.teams.updateMembershipStatusWithPassword.mutationOptions({ onSuccess }),
  );
  const [password, setPassword] = useState('');
  // Whether the click came from a signed-out browser: the API then signed the invitee in.
  const [acceptedSignedOut, setAcceptedSignedOut] = useState(false);
  const teamName = preview.data?.teamName || 'a team';
  const signedInAs = session.status === 'user' ? session.user : undefined;
  const otherAccount = signedInAs && signedInAs.$id !== link.userId;
  const offerPassword = preview.data?.hasPassword === false && !otherAccount;
  const accepted = accept.data ?? acceptWithPassword.data;
  const pending = accept.isPending || acceptWithPassword.isPending;
  const params = {
    teamId: link.teamId,
    membershipId: link.membershipId,
    userId: link.userId,
    secret: link.secret,
  };

  // An account without a password (created by the invitation, or whose password accepting cleared
  // because its email had never been verified) cannot sign in again once this session ends.
  const needsPassword =
    !acceptWithPassword.isSuccess &&
    (acceptedSignedOut ||
      (session.status === 'user' && session.user.$id === link.userId && !session.user.passwordUpdate));

  if (accepted) {
    return (
      <section className="narrow card">
        <PageHeading>Welcome to {accepted.teamName}</PageHeading>
        <p role="status" className="success">
          You are now a member of {accepted.teamName}.
          {acceptWithPassword.isSuccess && ' Your password is set.'}
        </p>
        <Link to={teamPath(link.teamId)} className="button">
          Open {accepted.teamName}
        </Link>
        {needsPassword && (
          <p>
            <Link to="/account">Set a password so you can sign in again</Link>
          </p>
        )}
      </section>
    );
  }

  const error = accept.error ?? acceptWithPassword.error;
  const alreadyMember = errorTypeOf(error) === 'membership_already_confirmed' && !otherAccount;
  return (
    <section className="narrow card">
      <PageHeading>Join {teamName}</PageHeading>
      {preview.isPending && <p aria-busy="true">Checking the invitation…</p>}
      {preview.data && (
        <dl className="invitation-preview" aria-label="Invitation">
          <dt>Team</dt>
          <dd>{preview.data.teamName}</dd>
          {preview.data.inviterName && (
            <>
              <dt>Invited by</dt>
              <dd>{preview.data.inviterName}</dd>
            </>
          )}
          <dt>Roles</dt>
          <dd>{preview.data.roles.length > 0 ? preview.data.roles.join(', ') : 'member'}</dd>
          {preview.data.expire && (
            <>
              <dt>Valid until</dt>
              <dd>{new Date(preview.data.expire).toLocaleString()}</dd>
            </>
          )}
        </dl>
      )}
      {preview.isError && (
        <p className="notice" role="note">
          This invitation could not be checked: it may have been used, declined, withdrawn, or have expired.
        </p>
      )}
      {session.status === 'guest' && (
        <p className="muted">Accepting signs you in to the invited account on this browser.</p>
      )}
      {signedInAs && !otherAccount && <p className="muted">You are signed in as {signedInAs.email}.</p>}
      {otherAccount && (
        <div className="notice" role="note">
          <p>
            You are signed in as <strong>{signedInAs.email}</strong>, but this invitation was sent to another
            account. Sign out first to accept it.
          </p>
          <SignOutButton
            label="Sign out to accept"
            then={window.location.pathname + window.location.search}
          />
        </div>
      )}
      <ErrorMessage error={error} />
      {alreadyMember && session.status === 'user' && (
        <p>
          <Link to={teamPath(link.teamId)}>Open {teamName}</Link>
        </p>
      )}
      {offerPassword && (
        <form
          aria-label="Accept and set a password"
          onSubmit={(event) => {
            event.preventDefault();
            setAcceptedSignedOut(session.status === 'guest');
            acceptWithPassword.mutate({ ...params, password });
          }}
        >
          <p>Choose a password to sign in with later; you join and set it in one step.</p>
          <NewPasswordField label="Your password" value={password} onChange={setPassword} />
          <button type="submit" disabled={pending || session.status === 'loading'}>
            {acceptWithPassword.isPending ? 'Accepting…' : 'Accept and set password'}
          </button>
        </form>
      )}
      <button
        type="button"
        className={offerPassword ? 'secondary' : undefined}
        disabled={pending || session.status === 'loading' || Boolean(otherAccount)}
        onClick={() => {
          setAcceptedSignedOut(session.status === 'guest');
          accept.mutate(params);
        }}
      >
        {accept.isPending ? 'Accepting…' : `Accept invitation to ${teamName}`}
      </button>
    </section>
  );
}
