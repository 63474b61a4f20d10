import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { TextField } from '../components/TextField.tsx';
import type { ErrorSentences } from '../lib/errors.ts';
import { pageUrl } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

/** The API answers 404 for an unknown address (as Appwrite), so saying so hides nothing more. */
const RECOVERY_SENTENCES: ErrorSentences = {
  user_not_found: 'No account uses this email address. Check it, or create an account.',
  general_rate_limit_exceeded: 'Too many emails were asked for. Please wait a while and try again.',
};

/**
 * Mails a link to /reset-password (`account.createRecovery`). It is also how someone who joined
 * through an invitation, and so never chose a password, gets one.
 */
export function ForgotPasswordPage() {
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const recovery = useMutation(trpc.account.createRecovery.mutationOptions());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    recovery.mutate({ email: email.trim(), url: pageUrl('/reset-password') });
  };

  return (
    <section className="narrow card">
      <PageHeading>Set a new password</PageHeading>
      <p>
        Forgot your password, or joined through an invitation and never set one? We will email you a link to
        choose a password. It works once, within an hour.
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
        <ErrorMessage error={recovery.error} sentences={RECOVERY_SENTENCES} />
        {recovery.isSuccess && (
          <p role="status" className="success">
            We sent a link to {recovery.variables.email}. Open it to choose your password.
          </p>
        )}
        <button type="submit" disabled={recovery.isPending}>
          {recovery.isPending ? 'Sending…' : 'Email me a link'}
        </button>
      </form>
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
