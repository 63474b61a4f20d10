import { ErrorMessage } from './components/ErrorMessage.tsx';
import { Layout } from './components/Layout.tsx';
import { Redirect } from './components/Redirect.tsx';
import { LiveContext, useLiveUpdates } from './hooks/useLiveUpdates.ts';
import { useSession, type Session } from './hooks/useSession.ts';
import { matchRoute, safeNext, useLocation, type Location, type Route } from './lib/router.ts';
import { AcceptPage } from './pages/AcceptPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { JoinPage } from './pages/JoinPage.tsx';
import { InvitationsPage } from './pages/InvitationsPage.tsx';
import { MagicLinkPage } from './pages/MagicLinkPage.tsx';
import { MfaChallengePage } from './pages/MfaChallengePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SignInCodePage } from './pages/SignInCodePage.tsx';
import { SignInLinkPage } from './pages/SignInLinkPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { TeamPage } from './pages/TeamPage.tsx';
import { TeamsPage } from './pages/TeamsPage.tsx';
import { VerifyEmailPage } from './pages/VerifyEmailPage.tsx';

export function App() {
  const location = useLocation();
  const session = useSession();
  const live = useLiveUpdates(session.status === 'user');
  return (
    <LiveContext.Provider value={live}>
      <Layout session={session}>
        <Screen route={matchRoute(location.pathname)} location={location} session={session} />
      </Layout>
    </LiveContext.Provider>
  );
}

/**
 * Which screen to show: the pages of mailed links (accept, reset password, verify) for anyone; a
 * session waiting for its second factor gets the MFA challenge; the rest depends on who is signed in.
 */
function Screen({ route, location, session }: { route: Route; location: Location; session: Session }) {
  if (route.name === 'accept') return <AcceptPage session={session} />;
  if (route.name === 'resetPassword') return <ResetPasswordPage />;
  if (route.name === 'verifyEmail') return <VerifyEmailPage session={session} />;
  if (route.name === 'notFound') return <NotFoundPage />;
  if (session.status === 'loading') return <p aria-busy="true">Loading…</p>;
  if (session.status === 'error') {
    return (
      <>
        <ErrorMessage error={session.error} />
        <button type="button" onClick={session.retry}>
          Try again
        </button>
      </>
    );
  }

  if (session.status === 'mfa') return <MfaChallengePage />;
  if (route.name === 'join') return <JoinPage session={session} />;
  const next = safeNext(location.search.get('next'));
  if (route.name === 'magicLink') return <MagicLinkPage session={session} next={next} />;
  if (session.status === 'guest') {
    if (route.name === 'signIn') return <SignInPage next={next} oauth2Error={location.search.get('error')} />;
    if (route.name === 'signUp') return <SignUpPage next={next} />;
    if (route.name === 'signInLink') return <SignInLinkPage next={next} />;
    if (route.name === 'signInCode') return <SignInCodePage next={next} />;
    if (route.name === 'forgotPassword') return <ForgotPasswordPage />;
    const here = route.name === 'home' ? '' : `?next=${encodeURIComponent(location.href)}`;
    return <Redirect to={`/sign-in${here}`} />;
  }

  if (
    route.name === 'signIn' ||
    route.name === 'signUp' ||
    route.name === 'signInLink' ||
    route.name === 'signInCode' ||
    route.name === 'forgotPassword' ||
    route.name === 'home'
  )
    return <Redirect to={next} />;
  if (route.name === 'teams') return <TeamsPage />;
  if (route.name === 'invitations') return <InvitationsPage />;
  if (route.name === 'account') return <AccountPage user={session.user} />;
  return <TeamPage key={route.teamId} teamId={route.teamId} user={session.user} />;
}
