import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { type Session } from '../hooks/useSession.ts';
import { errorTypeOf } from '../lib/errors.ts';
import { formatRoles } from '../lib/roles.ts';
import { teamPath, useLocation } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

/**
 * Where a team's join link lands. It previews the team and waits for a click (link previews and
 * scanners open links too); a guest signs in or up first and comes back here.
 */
export function JoinPage({ session }: { session: Session }) {
  const location = useLocation();
  const linkId = location.search.get('linkId') ?? '';
  const secret = location.search.get('secret') ?? '';
  if (!linkId || !secret) {
    return (
      <section className="narrow card">
        <PageHeading>Join link incomplete</PageHeading>
        <p>This link is missing some of its parts. Copy all of it into the address bar.</p>
      </section>
    );
  }
  return <JoinTeam link={{ linkId, secret }} here={location.href} session={session} />;
}

function JoinTeam({
  link,
  here,
  session,
}: {
  link: { linkId: string; secret: string };
  here: string;
  session: Session;
}) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.joinLinks.preview.mutationOptions());
  const join = useMutation(trpc.joinLinks.join.mutationOptions());
  const { mutate } = preview;
  const { linkId, secret } = link;
  useEffect(() => mutate({ linkId, secret }), [mutate, linkId, secret]);

  if (join.isSuccess) {
    return (
      <section className="narrow card">
        <PageHeading>Welcome to {join.data.teamName}</PageHeading>
        <p role="status" className="success">
          You are now a member of {join.data.teamName}.
        </p>
        <Link to={teamPath(join.data.teamId)} className="button">
          Open {join.data.teamName}
        </Link>
      </section>
    );
  }
  if (preview.isError) {
    return (
      <section className="narrow card">
        <PageHeading>This join link cannot be used</PageHeading>
        <ErrorMessage error={preview.error} />
      </section>
    );
  }
  if (!preview.data) return <p aria-busy="true">Checking the link…</p>;

  const team = preview.data;
  const next = encodeURIComponent(here);
  const alreadyMember = errorTypeOf(join.error) === 'join_link_already_member';
  return (
    <section className="narrow card">
      <PageHeading>Join {team.teamName}</PageHeading>
      <p>
        This link adds you to <strong>{team.teamName}</strong>
        {team.roles.length > 0 && <> with the roles {formatRoles(team.roles)}</>}.
      </p>
      <p className="muted">
        Valid until {team.expire ? new Date(team.expire).toLocaleString() : 'revoked'}
        {team.domain && <> · for verified addresses at @{team.domain}</>}
      </p>
      {session.status === 'user' ? (
        <>
          <p className="muted">You are signed in as {session.user.email}.</p>
          <ErrorMessage error={join.error} />
          {alreadyMember && (
            <p>
              <Link to={teamPath(team.teamId)}>Open {team.teamName}</Link>
            </p>
          )}
          <button type="button" disabled={join.isPending} onClick={() => join.mutate(link)}>
            {join.isPending ? 'Joining…' : `Join ${team.teamName}`}
          </button>
        </>
      ) : (
        <p>
          <Link to={`/sign-in?next=${next}`} className="button">
            Sign in to join
          </Link>{' '}
          or <Link to={`/sign-up?next=${next}`}>create an account</Link>
        </p>
      )}
    </section>
  );
}
