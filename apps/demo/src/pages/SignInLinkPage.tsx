import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SecurityPhrase } from '../components/SecurityPhrase.tsx';
import { TextField } from '../components/TextField.tsx';
import { MAILED_SIGN_IN_SENTENCES } from '../lib/mailed-sign-in.ts';
import { nextQuery, pageUrl } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

/**
 * Mails a sign-in link (`account.createMagicURLToken`) to /magic-link, keeping `next`. An address
 * without an account gets one (passwordless), as Appwrite.
 */
export function SignInLinkPage({ next }: { next: string }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const request = useMutation(trpc.account.createMagicURLToken.mutationOptions());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({
      userId: 'unique()',
      email: email.trim(),
      url: pageUrl(`/magic-link${nextQuery(next)}`),
      phrase: true,
    });
  };

  return (
    <section className="narrow card">
      <PageHeading>Sign in with a link</PageHeading>
      <p className="muted">
        We email you a link that signs you in on this browser, valid for one hour. Without an account yet,
        this creates one.
      </p>
      <form onSubmit={submit}>
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={setEmail}
        />
        <ErrorMessage error={request.error} sentences={MAILED_SIGN_IN_SENTENCES} />
        {request.isSuccess && (
          <div role="status" className="success">
            <p>We sent a sign-in link to {request.variables.email}. Open it in this browser.</p>
            <SecurityPhrase phrase={request.data.phrase} />
          </div>
        )}
        <button type="submit" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Email me a sign-in link'}
        </button>
      </form>
      <p>
        <Link to={`/sign-in${nextQuery(next)}`}>Sign in with a password instead</Link>
      </p>
    </section>
  );
}
