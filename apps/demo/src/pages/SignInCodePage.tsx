import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SecurityPhrase } from '../components/SecurityPhrase.tsx';
import { TextField } from '../components/TextField.tsx';
import { useRefreshSession } from '../hooks/useSession.ts';
import type { ErrorSentences } from '../lib/errors.ts';
import { MAILED_SIGN_IN_SENTENCES } from '../lib/mailed-sign-in.ts';
import { navigate, nextQuery } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

const CODE_SENTENCES: ErrorSentences = {
  ...MAILED_SIGN_IN_SENTENCES,
  user_invalid_token:
    'This code is not right, or no longer valid (a code lasts 15 minutes and a new one replaces it).',
};

/** Mails a six-digit code (`account.createEmailToken`), then exchanges it for a session (`account.createSession`). */
export function SignInCodePage({ next }: { next: string }) {
  const trpc = useTRPC();
  const refreshSession = useRefreshSession();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const request = useMutation(trpc.account.createEmailToken.mutationOptions());
  const signIn = useMutation(
    trpc.account.createSession.mutationOptions({
      onSuccess: async () => {
        await refreshSession();
        navigate(next, { replace: true });
      },
    }),
  );

  const ask = (event: FormEvent) => {
    event.preventDefault();
    setCode('');
    signIn.reset();
    request.mutate({ userId: 'unique()', email: email.trim(), phrase: true });
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (request.data) signIn.mutate({ userId: request.data.userId, secret: code.trim() });
  };

  return (
    <section className="narrow card">
      <PageHeading>Sign in with a code</PageHeading>
      <form onSubmit={ask} aria-label="Ask for a code">
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={setEmail}
          hint="We email you a six-digit code, valid for 15 minutes. Without an account yet, this creates one."
        />
        <ErrorMessage error={request.error} sentences={MAILED_SIGN_IN_SENTENCES} />
        <button type="submit" className={request.data ? 'secondary' : undefined} disabled={request.isPending}>
          {request.isPending ? 'Sending…' : request.data ? 'Send a new code' : 'Email me a code'}
        </button>
      </form>
      {request.data && (
        <form onSubmit={submitCode} aria-label="Enter the code">
          <div role="status" className="success">
            <p>We sent a code to {request.variables.email}.</p>
            <SecurityPhrase phrase={request.data.phrase} />
          </div>
          <TextField
            label="Six-digit code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            pattern="[0-9]{6}"
            maxLength={6}
            value={code}
            onChange={setCode}
          />
          <ErrorMessage error={signIn.error} sentences={CODE_SENTENCES} />
          <button type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in with this code'}
          </button>
        </form>
      )}
      <p>
        <Link to={`/sign-in${nextQuery(next)}`}>Sign in with a password instead</Link>
      </p>
    </section>
  );
}
