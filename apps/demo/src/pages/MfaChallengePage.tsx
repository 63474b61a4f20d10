import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { TextField } from '../components/TextField.tsx';
import { useRefreshSession } from '../hooks/useSession.ts';
import type { ErrorSentences } from '../lib/errors.ts';
import { useTRPCClient } from '../trpc.ts';

type Factor = 'totp' | 'recoveryCode';

const CHALLENGE_SENTENCES: ErrorSentences = {
  user_invalid_token:
    'This code is not right. Authenticator codes change every 30 seconds and each works once; recovery codes work once.',
  general_rate_limit_exceeded: 'Too many attempts. Please wait a while and try again.',
};

/**
 * The second step of a sign-in with MFA on (the API answered `user_more_factors_required`): a code
 * from the authenticator app, or a recovery code. A challenge is made once per factor and reused
 * after a wrong code (the API keeps it until it is completed), since challenges are rate limited.
 */
export function MfaChallengePage() {
  const client = useTRPCClient();
  const refreshSession = useRefreshSession();
  const [factor, setFactor] = useState<Factor>('totp');
  const [code, setCode] = useState('');
  const [challenges, setChallenges] = useState<Partial<Record<Factor, string>>>({});
  const confirm = useMutation({
    mutationFn: async ({ factor, otp }: { factor: Factor; otp: string }) => {
      let challengeId = challenges[factor];
      if (!challengeId) {
        challengeId = (await client.account.createMFAChallenge.mutate({ factor })).$id;
        setChallenges((known) => ({ ...known, [factor]: challengeId }));
      }
      await client.account.updateMFAChallenge.mutate({ challengeId, otp });
    },
    // The session is complete: App shows the screen that was asked for.
    onSuccess: () => refreshSession(),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ factor, otp: code.trim() });
  };
  const switchTo = (next: Factor) => {
    setFactor(next);
    setCode('');
    confirm.reset();
  };

  return (
    <section className="narrow card">
      <PageHeading>Two-step verification</PageHeading>
      <form onSubmit={submit}>
        {factor === 'totp' ? (
          <TextField
            key="totp"
            label="Code from your authenticator app"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            pattern="[0-9]{6}"
            maxLength={6}
            value={code}
            onChange={setCode}
          />
        ) : (
          <TextField
            key="recoveryCode"
            label="Recovery code"
            autoComplete="off"
            required
            maxLength={64}
            hint="One of the codes you saved when you set up two-step verification. Each works once."
            value={code}
            onChange={setCode}
          />
        )}
        <ErrorMessage error={confirm.error} sentences={CHALLENGE_SENTENCES} />
        <button type="submit" disabled={confirm.isPending}>
          {confirm.isPending ? 'Checking…' : 'Confirm'}
        </button>
      </form>
      <p className="choices">
        {factor === 'totp' ? (
          <button type="button" className="secondary" onClick={() => switchTo('recoveryCode')}>
            Use a recovery code instead
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => switchTo('totp')}>
            Use my authenticator app instead
          </button>
        )}
        <SignOutButton label="Cancel sign-in" then="/sign-in" />
      </p>
    </section>
  );
}
