import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { TextField } from '../components/TextField.tsx';
import { useRefreshSession } from '../hooks/useSession.ts';
import { oauth2FailureSentence, oauth2SignInUrl } from '../lib/oauth2.ts';
import { navigate, nextQuery } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

/**
 * Email and password; the API answers with httpOnly session cookies on this origin. With MFA on,
 * the session then needs its second factor: App shows the challenge screen until it has it.
 * Each configured OAuth2 provider gets a button; a failed provider sign-in comes back here with `error`.
 */
export function SignInPage({ next, oauth2Error }: { next: string; oauth2Error: string | null }) {
  const trpc = useTRPC();
  const providers = useQuery(trpc.account.listOAuth2Providers.queryOptions());
  const providerFailure = oauth2FailureSentence(oauth2Error);
  const refreshSession = useRefreshSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation(
    trpc.account.createEmailPasswordSession.mutationOptions({
      onSuccess: async () => {
        await refreshSession();
        navigate(next, { replace: true });
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  };

  return (
    <section className="narrow card">
      <PageHeading>Sign in</PageHeading>
      {providerFailure && (
        <p role="alert" className="error">
          {providerFailure}
        </p>
      )}
      <form onSubmit={submit}>
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={setEmail}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <ErrorMessage error={signIn.error} />
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password, or never set one?</Link>
      </p>
      {providers.data && providers.data.total > 0 && (
        <p className="choices">
          {providers.data.providers.map((provider) => (
            <button
              key={provider.id}
              type="button"
              className="secondary"
              onClick={() => window.location.assign(oauth2SignInUrl(provider.id, next))}
            >
              Sign in with {provider.name}
            </button>
          ))}
        </p>
      )}
      <p className="muted">Or sign in without a password, with an email:</p>
      <p className="choices">
        <Link to={`/sign-in/link${nextQuery(next)}`}>Email me a sign-in link</Link>
        <Link to={`/sign-in/code${nextQuery(next)}`}>Email me a code</Link>
      </p>
      <p>
        New here? <Link to={`/sign-up?next=${encodeURIComponent(next)}`}>Create an account</Link>
      </p>
    </section>
  );
}
