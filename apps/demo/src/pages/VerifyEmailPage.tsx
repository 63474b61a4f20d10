import { useMutation } from '@tanstack/react-query';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { IncompleteLink } from '../components/IncompleteLink.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useRefreshSession, type Session } from '../hooks/useSession.ts';
import type { ErrorSentences } from '../lib/errors.ts';
import { useLocation } from '../lib/router.ts';
import { parseTokenLink, type TokenLink } from '../lib/token-link.ts';
import { useTRPC } from '../trpc.ts';

const VERIFY_SENTENCES: ErrorSentences = {
  user_invalid_token:
    'This link is not valid any more: it has been used already, or it is more than an hour old. Sign in and send a new one.',
  general_rate_limit_exceeded: 'Too many attempts with this link. Please wait a while and try again.',
};

/**
 * Where the verification email's link lands. Verifying is a click, not automatic on opening, as on
 * the accept page: mail scanners open links too. No session needed (the link may be opened anywhere).
 */
export function VerifyEmailPage({ session }: { session: Session }) {
  const link = parseTokenLink(useLocation().search);
  if (!link) return <IncompleteLink />;
  return <VerifyEmail link={link} session={session} />;
}

function VerifyEmail({ link, session }: { link: TokenLink; session: Session }) {
  const trpc = useTRPC();
  const refreshSession = useRefreshSession();
  // Signed in here: re-read the account, so the banner asking to verify goes away.
  const verify = useMutation(
    trpc.account.updateEmailVerification.mutationOptions({ onSuccess: () => refreshSession() }),
  );

  if (verify.isSuccess) {
    return (
      <section className="narrow card">
        <PageHeading>Email address verified</PageHeading>
        <p role="status" className="success">
          Thank you: your email address is verified.
        </p>
        <Link to={session.status === 'user' ? '/teams' : '/sign-in'} className="button">
          {session.status === 'user' ? 'Go to my teams' : 'Sign in'}
        </Link>
      </section>
    );
  }
  return (
    <section className="narrow card">
      <PageHeading>Verify your email address</PageHeading>
      <p>Confirm that this address is yours.</p>
      <ErrorMessage error={verify.error} sentences={VERIFY_SENTENCES} />
      <button type="button" disabled={verify.isPending} onClick={() => verify.mutate(link)}>
        {verify.isPending ? 'Verifying…' : 'Verify my email address'}
      </button>
    </section>
  );
}
