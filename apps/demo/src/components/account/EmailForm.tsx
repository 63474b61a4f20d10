import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useRefreshSession } from '../../hooks/useSession.ts';
import type { User } from '../../lib/api-types.ts';
import type { ErrorSentences } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';

/** The signed-in user is known: a refused password is theirs, a taken address someone's. */
const EMAIL_SENTENCES: ErrorSentences = {
  user_invalid_credentials: 'The current password is not right.',
  general_rate_limit_exceeded: 'Too many wrong passwords. Please wait a while and try again.',
};

/** A new email address, confirmed with the password (the API asks for it: a session alone is not enough). */
export function EmailForm({ user }: { user: User }) {
  const trpc = useTRPC();
  const refreshSession = useRefreshSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const update = useMutation(
    trpc.account.updateEmail.mutationOptions({
      onSuccess: async () => {
        setEmail('');
        setPassword('');
        await refreshSession();
      },
    }),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ email, password });
      }}
      aria-labelledby="email-form-title"
    >
      <h2 id="email-form-title">Your email address</h2>
      <p className="muted">
        Now {user.email || 'none'}
        {user.email && (user.emailVerification ? ' (verified)' : ' (not verified)')}.
      </p>
      <TextField
        label="New email address"
        type="email"
        required
        autoComplete="email"
        value={email}
        onChange={setEmail}
      />
      <TextField
        label="Password"
        type="password"
        required
        minLength={8}
        maxLength={256}
        autoComplete="current-password"
        hint="Your current password. If you never set one, this one becomes it."
        value={password}
        onChange={setPassword}
      />
      <ErrorMessage error={update.error} sentences={EMAIL_SENTENCES} />
      {update.isSuccess && (
        <p role="status" className="success">
          Your email address is now {update.data.email}. It is not verified yet: accepting an invitation sent
          to it verifies it.
        </p>
      )}
      <button type="submit" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Change email address'}
      </button>
    </form>
  );
}
