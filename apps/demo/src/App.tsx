import { ErrorMessage } from './components/ErrorMessage.tsx';
import { Layout } from './components/Layout.tsx';
import { Redirect } from './components/Redirect.tsx';
import { LiveContext, useLiveUpdates } from './hooks/useLiveUpdates.ts';
import { useSession, type Session } from './hooks/useSession.ts';
import { matchRoute, safeNext, useLocation, type Location, type Route } from './lib/router.ts';
import { AcceptPage } from './pages/AcceptPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { TeamPage } from './pages/TeamPage.tsx';
import { TeamsPage } from './pages/TeamsPage.tsx';

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

/** Which screen to show: the accept page for anyone; the rest depending on whether someone is signed in. */
function Screen({ route, location, session }: { route: Route; location: Location; session: Session }) {
  if (route.name === 'accept') return <AcceptPage session={session} />;
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

  const next = safeNext(location.search.get('next'));
  if (session.status === 'guest') {
    if (route.name === 'signIn') return <SignInPage next={next} />;
    if (route.name === 'signUp') return <SignUpPage next={next} />;
    const here = route.name === 'home' ? '' : `?next=${encodeURIComponent(location.href)}`;
    return <Redirect to={`/sign-in${here}`} />;
  }

  if (route.name === 'signIn' || route.name === 'signUp' || route.name === 'home')
    return <Redirect to={next} />;
  if (route.name === 'teams') return <TeamsPage />;
  if (route.name === 'account') return <AccountPage user={session.user} />;
  return <TeamPage key={route.teamId} teamId={route.teamId} user={session.user} />;
}
