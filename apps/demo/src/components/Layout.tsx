import type { ReactNode } from 'react';
import type { Session } from '../hooks/useSession.ts';
import { Link } from './Link.tsx';
import { SignOutButton } from './SignOutButton.tsx';
import { VerifyEmailBanner } from './VerifyEmailBanner.tsx';

/**
 * The frame of every screen: a skip link, the header with who is signed in, the banner asking to
 * verify the email address while it is not, and the content.
 */
export function Layout({ session, children }: { session: Session; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          Roster
        </Link>
        {session.status === 'user' && (
          <nav aria-label="Account">
            <Link to="/teams">My teams</Link>
            <Link to="/invitations">Invitations</Link>
            <span className="who">
              Signed in as <strong>{session.user.name || session.user.email}</strong>
            </span>
            <Link to="/account">Account</Link>
            <SignOutButton />
          </nav>
        )}
        {session.status === 'guest' && (
          <nav aria-label="Account">
            <Link to="/sign-in">Sign in</Link>
            <Link to="/sign-up">Sign up</Link>
          </nav>
        )}
      </header>
      {session.status === 'user' && <VerifyEmailBanner user={session.user} />}
      <main id="content">{children}</main>
    </>
  );
}
