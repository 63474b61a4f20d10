import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { useRefreshSession, type Session } from '../hooks/useSession.ts';
import { parseAcceptLink, type AcceptLink } from '../lib/accept-link.ts';
import { errorTypeOf } from '../lib/errors.ts';
import { teamPath, useLocation } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

/**
 * Where the invitation email's link lands. It shows what the invitee is joining and waits for an
 * explicit click: mail scanners and link previews open links too, and must not accept for anyone.
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
  const refreshSession = useRefreshSession();
  const accept = useMutation(
    // Without a session, the API signs the invitee in (cookies): re-read who is signed in.
    trpc.teams.updateMembershipStatus.mutationOptions({ onSuccess: () => refreshSession() }),
  );
  // Whether the click came from a signed-out browser: the API then signed the invitee in.
  const [acceptedSignedOut, setAcceptedSignedOut] = useState(false);
  const teamName = link.teamName || 'a team';
  const signedInAs = session.status === 'user' ? session.user : undefined;
  const otherAccount = signedInAs && signedInAs.$id !== link.userId;

  // An account without a password (created by the invitation, or whose password accepting cleared
  // because its email had never been verified) cannot sign in again once this session ends.
  const needsPassword =
    acceptedSignedOut ||
    (session.status === 'user' && session.user.$id === link.userId && !session.user.passwordUpdate);

  if (accept.isSuccess) {
    return (
      <section className="narrow card">
        <PageHeading>Welcome to {accept.data.teamName}</PageHeading>
        <p role="status" className="success">
          You are now a member of {accept.data.teamName}.
        </p>
        <Link to={teamPath(link.teamId)} className="button">
          Open {accept.data.teamName}
        </Link>
        {needsPassword && (
          <p>
            <Link to="/account">Set a password so you can sign in again</Link>
          </p>
        )}
      </section>
    );
  }

  const alreadyMember = errorTypeOf(accept.error) === 'membership_already_confirmed' && !otherAccount;
  return (
    <section className="narrow card">
      <PageHeading>Join {teamName}</PageHeading>
      <p>
        You have been invited to join <strong>{teamName}</strong> on Roster.
      </p>
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
      <ErrorMessage error={accept.error} />
      {alreadyMember && session.status === 'user' && (
        <p>
          <Link to={teamPath(link.teamId)}>Open {teamName}</Link>
        </p>
      )}
      <button
        type="button"
        disabled={accept.isPending || session.status === 'loading' || Boolean(otherAccount)}
        onClick={() => {
          setAcceptedSignedOut(session.status === 'guest');
          accept.mutate({
            teamId: link.teamId,
            membershipId: link.membershipId,
            userId: link.userId,
            secret: link.secret,
          });
        }}
      >
        {accept.isPending ? 'Accepting…' : `Accept invitation to ${teamName}`}
      </button>
    </section>
  );
}
