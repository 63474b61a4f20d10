import { useMutation } from '@tanstack/react-query';
import type { User } from '../lib/api-types.ts';
import type { ErrorSentences } from '../lib/errors.ts';
import { pageUrl } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

const SEND_SENTENCES: ErrorSentences = {
  general_rate_limit_exceeded: 'Too many verification emails were sent. Please wait a while and try again.',
};

/** On every signed-in screen until the address is verified: mails a link to /verify-email. */
export function VerifyEmailBanner({ user }: { user: User }) {
  const trpc = useTRPC();
  const send = useMutation(trpc.account.createEmailVerification.mutationOptions());
  if (!user.email || user.emailVerification) return null;
  return (
    <aside className="banner" aria-label="Email verification">
      {send.isSuccess ? (
        <p role="status">
          We sent a link to {user.email}. Open it to verify your address (it works for one hour).
        </p>
      ) : (
        <p>Your email address {user.email} is not verified yet.</p>
      )}
      <ErrorMessage error={send.error} sentences={SEND_SENTENCES} />
      <button
        type="button"
        className="secondary"
        disabled={send.isPending}
        onClick={() => send.mutate({ url: pageUrl('/verify-email') })}
      >
        {send.isPending ? 'Sending…' : send.isSuccess ? 'Send another email' : 'Send verification email'}
      </button>
    </aside>
  );
}
