import { useMutation } from '@tanstack/react-query';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { IncompleteLink } from '../components/IncompleteLink.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { useRefreshSession, type Session } from '../hooks/useSession.ts';
import type { ErrorSentences } from '../lib/errors.ts';
import { MAILED_SIGN_IN_SENTENCES } from '../lib/mailed-sign-in.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { parseTokenLink, type TokenLink } from '../lib/token-link.ts';
import { useTRPC } from '../trpc.ts';

const LINK_SENTENCES: ErrorSentences = {
  ...MAILED_SIGN_IN_SENTENCES,
  user_invalid_token:
    'This sign-in link is not valid any more: it has been used already, or it is more than an hour old. Ask for a new one.',
};

/**
 * Where the magic-URL email's link lands. Signing in is a click: a mail scanner that opens the
 * link must not use it up (or get the session).
 */
export function MagicLinkPage({ session, next }: { session: Session; next: string }) {
  const link = parseTokenLink(useLocation().search);
  if (!link) return <IncompleteLink />;
  return <MagicLink link={link} session={session} next={next} />;
}

function MagicLink({ link, session, next }: { link: TokenLink; session: Session; next: string }) {
  const trpc = useTRPC();
  const refreshSession = useRefreshSession();
  const signIn = useMutation(
    trpc.account.createSession.mutationOptions({
      onSuccess: async () => {
        await refreshSession();
        navigate(next, { replace: true });
      },
    }),
  );

  return (
    <section className="narrow card">
      <PageHeading>Sign in with your link</PageHeading>
      {session.status === 'user' ? (
        <div className="notice" role="note">
          <p>
            You are already signed in as <strong>{session.user.email || session.user.name}</strong>.
          </p>
          <p>
            <Link to={next}>Continue as {session.user.email || session.user.name}</Link>
          </p>
          <SignOutButton
            label="Sign out to use this link"
            then={window.location.pathname + window.location.search}
          />
        </div>
      ) : (
        <>
          <p>This link signs you in on this browser. It works once.</p>
          <ErrorMessage error={signIn.error} sentences={LINK_SENTENCES} />
          <button
            type="button"
            disabled={signIn.isPending || session.status === 'loading'}
            onClick={() => signIn.mutate(link)}
          >
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
          {signIn.isError && (
            <p>
              <Link to="/sign-in/link">Ask for a new link</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
