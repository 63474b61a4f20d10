import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AccountPrefs } from '../components/account/AccountPrefs.tsx';
import { ActivityLog } from '../components/account/ActivityLog.tsx';
import { EmailForm } from '../components/account/EmailForm.tsx';
import { MfaSettings } from '../components/account/MfaSettings.tsx';
import { NameForm } from '../components/account/NameForm.tsx';
import { SessionsList } from '../components/account/SessionsList.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { NewPasswordField } from '../components/NewPasswordField.tsx';
import { TextField } from '../components/TextField.tsx';
import { useRefreshSession } from '../hooks/useSession.ts';
import type { User } from '../lib/api-types.ts';
import type { ErrorSentences } from '../lib/errors.ts';
import { pageUrl } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

const SEND_SENTENCES: ErrorSentences = {
  general_rate_limit_exceeded: 'Too many emails were asked for. Please wait a while and try again.',
};

/** Here the only credentials in play are the current password (the user is signed in). */
const PASSWORD_SENTENCES: ErrorSentences = {
  user_invalid_credentials:
    'The current password is not right. Leave it empty only if you joined through an invitation and never set one.',
};

/**
 * The signed-in user's account: their name, email address and preferences; set a first password (someone created by an invitation has none,
 * so once the session ends they could not sign in again) or change the one they have; two-step
 * verification, where they are signed in, and what happened lately.
 */
export function AccountPage({ user }: { user: User }) {
  const trpc = useTRPC();
  const refreshSession = useRefreshSession();
  const [oldPassword, setOldPassword] = useState('');
  const [password, setPassword] = useState('');
  const update = useMutation(
    trpc.account.updatePassword.mutationOptions({
      onSuccess: async () => {
        setOldPassword('');
        setPassword('');
        await refreshSession();
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ password, ...(oldPassword ? { oldPassword } : {}) });
  };

  return (
    <section className="narrow card">
      <PageHeading>Account</PageHeading>
      <p className="muted">You are signed in as {user.email || user.name}.</p>
      <NameForm user={user} />
      <EmailForm user={user} />
      <form onSubmit={submit} aria-labelledby="password-form-title">
        <h2 id="password-form-title">Set or change your password</h2>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          hint="Leave empty if you joined through an invitation and never set one."
          value={oldPassword}
          onChange={setOldPassword}
        />
        <NewPasswordField label="New password" value={password} onChange={setPassword} />
        <ErrorMessage error={update.error} sentences={PASSWORD_SENTENCES} />
        {update.isSuccess && (
          <p role="status" className="success">
            Your password is saved. Next time, sign in with {user.email || 'your email address'} and this
            password.
          </p>
        )}
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save password'}
        </button>
      </form>
      {!user.passwordUpdate && user.email && <PasswordByEmail email={user.email} />}
      <MfaSettings user={user} />
      <SessionsList />
      <ActivityLog />
      <AccountPrefs />
    </section>
  );
}

/**
 * Someone who joined through an invitation has no password: rather than choose one here, they may
 * have a link mailed (`account.createRecovery`), to set it later or on another device.
 */
function PasswordByEmail({ email }: { email: string }) {
  const trpc = useTRPC();
  const send = useMutation(trpc.account.createRecovery.mutationOptions());
  return (
    <div className="notice">
      <p>You have no password yet. We can also email you a link to set one.</p>
      <ErrorMessage error={send.error} sentences={SEND_SENTENCES} />
      {send.isSuccess && (
        <p role="status" className="success">
          We sent a link to {email}. Open it to choose your password.
        </p>
      )}
      <button
        type="button"
        className="secondary"
        disabled={send.isPending}
        onClick={() => send.mutate({ email, url: pageUrl('/reset-password') })}
      >
        {send.isPending ? 'Sending…' : 'Email me a link to set a password'}
      </button>
    </div>
  );
}
