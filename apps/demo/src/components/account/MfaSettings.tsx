import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState, type FormEvent } from 'react';
import { useRefreshSession } from '../../hooks/useSession.ts';
import type { User } from '../../lib/api-types.ts';
import { errorTypeOf, type ErrorSentences } from '../../lib/errors.ts';
import { useTRPC, useTRPCClient } from '../../trpc.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';

const CODE_SENTENCES: ErrorSentences = {
  user_invalid_token:
    'This code is not right. Check the time on your phone; codes change every 30 seconds and each works once.',
  general_rate_limit_exceeded: 'Too many wrong codes. Please wait a while and try again.',
};

/** The `otpauth://` URI as an SVG QR code (a data URL: no canvas, the same picture everywhere). */
async function qrCodeOf(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * Two-step verification (docs/api.md#mfa): an authenticator app scanned from a QR code and
 * confirmed with a code, six recovery codes shown once, then MFA on. Signing in then asks for a
 * code (MfaChallengePage).
 */
export function MfaSettings({ user }: { user: User }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const refreshSession = useRefreshSession();
  const [code, setCode] = useState('');
  const factors = useQuery(trpc.account.listMFAFactors.queryOptions());
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.account.listMFAFactors.pathFilter());
    await refreshSession();
  };

  const create = useMutation({
    mutationFn: async () => {
      const { secret, uri } = await client.account.createMFAAuthenticator.mutate({ type: 'totp' });
      return { secret, qr: await qrCodeOf(uri) };
    },
  });
  // Confirms the app, then makes the recovery codes (none when some remain from before: 409).
  const verify = useMutation({
    mutationFn: async (otp: string) => {
      await client.account.updateMFAAuthenticator.mutate({ type: 'totp', otp });
      try {
        return (await client.account.createMFARecoveryCodes.mutate()).recoveryCodes;
      } catch (error) {
        if (errorTypeOf(error) === 'user_recovery_codes_already_exists') return [];
        throw error;
      }
    },
    onSuccess: () => queryClient.invalidateQueries(trpc.account.listMFAFactors.pathFilter()),
  });
  const toggle = useMutation(trpc.account.updateMFA.mutationOptions({ onSuccess: refresh }));

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate(code.trim());
  };

  let body;
  if (user.mfa) {
    body = (
      <>
        <p role="status" className="success">
          Two-step verification is on: signing in asks for a code from your authenticator app, or a recovery
          code.
        </p>
        <ConfirmButton
          label="Turn off two-step verification"
          confirmLabel="Yes, turn it off"
          pending={toggle.isPending}
          pendingLabel="Turning off…"
          onConfirm={() => toggle.mutate({ mfa: false })}
          danger
        />
      </>
    );
  } else if (verify.data && verify.data.length > 0) {
    body = (
      <>
        <p>
          Your authenticator app is set up. Save these recovery codes somewhere safe: each one signs you in
          once if you lose your phone. <strong>They are shown only now.</strong>
        </p>
        <ul className="recovery-codes" aria-label="Recovery codes">
          {verify.data.map((recoveryCode) => (
            <li key={recoveryCode}>
              <code>{recoveryCode}</code>
            </li>
          ))}
        </ul>
        <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate({ mfa: true })}>
          {toggle.isPending ? 'Turning on…' : 'I saved them: turn on two-step verification'}
        </button>
      </>
    );
  } else if (factors.data?.totp) {
    body = (
      <>
        <p>Your authenticator app is set up, but two-step verification is off.</p>
        <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate({ mfa: true })}>
          {toggle.isPending ? 'Turning on…' : 'Turn on two-step verification'}
        </button>
      </>
    );
  } else if (create.data) {
    body = (
      <form onSubmit={submitCode} aria-label="Confirm your authenticator app">
        <p>Scan this QR code with your authenticator app (Google Authenticator, 1Password, …).</p>
        <img className="qr" src={create.data.qr} alt="QR code of your authenticator key" />
        <p>
          Or type this key: <code className="secret">{create.data.secret}</code>
        </p>
        <TextField
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          pattern="[0-9]{6}"
          maxLength={6}
          value={code}
          onChange={setCode}
        />
        <ErrorMessage error={verify.error} sentences={CODE_SENTENCES} />
        <button type="submit" disabled={verify.isPending}>
          {verify.isPending ? 'Checking…' : 'Verify code'}
        </button>
      </form>
    );
  } else {
    body = (
      <>
        <p>Protect your account with a second step: a code from an authenticator app on your phone.</p>
        <ErrorMessage error={create.error} />
        <button
          type="button"
          disabled={create.isPending || factors.isPending}
          onClick={() => create.mutate()}
        >
          {create.isPending ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
      </>
    );
  }

  return (
    <section aria-labelledby="mfa-title">
      <h2 id="mfa-title">Two-step verification</h2>
      {body}
      <ErrorMessage error={toggle.error ?? factors.error} />
    </section>
  );
}
