import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { IncompleteLink } from '../components/IncompleteLink.tsx';
import { Link } from '../components/Link.tsx';
import { NewPasswordField } from '../components/NewPasswordField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useRefreshSession } from '../hooks/useSession.ts';
import type { ErrorSentences } from '../lib/errors.ts';
import { useLocation } from '../lib/router.ts';
import { parseTokenLink, type TokenLink } from '../lib/token-link.ts';
import { useTRPC } from '../trpc.ts';

const RESET_SENTENCES: ErrorSentences = {
  user_invalid_token:
    'This link is not valid any more: it has been used already, or it is more than an hour old. Ask for a new one.',
  general_rate_limit_exceeded: 'Too many attempts with this link. Please wait a while and try again.',
};

/** Where the recovery email's link lands (`?userId=…&secret=…`); anyone may open it, signed in or not. */
export function ResetPasswordPage() {
  const link = parseTokenLink(useLocation().search);
  if (!link) return <IncompleteLink />;
  return <ResetPassword link={link} />;
}

function ResetPassword({ link }: { link: TokenLink }) {
  const trpc = useTRPC();
  const refreshSession = useRefreshSession();
  const [password, setPassword] = useState('');
  // The API ends every session of the user: whoever was signed in here is signed out now.
  const reset = useMutation(
    trpc.account.updateRecovery.mutationOptions({ onSuccess: () => refreshSession() }),
  );

  if (reset.isSuccess) {
    return (
      <section className="narrow card">
        <PageHeading>Password saved</PageHeading>
        <p role="status" className="success">
          Your new password is saved, and every session of your account has been signed out. Sign in with it.
        </p>
        <Link to="/sign-in" className="button">
          Sign in
        </Link>
      </section>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ ...link, password });
  };
  return (
    <section className="narrow card">
      <PageHeading>Choose a new password</PageHeading>
      <form onSubmit={submit}>
        <NewPasswordField label="New password" value={password} onChange={setPassword} />
        <ErrorMessage error={reset.error} sentences={RESET_SENTENCES} />
        <button type="submit" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Save new password'}
        </button>
      </form>
      {reset.isError && (
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </section>
  );
}
