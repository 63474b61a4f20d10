import { nextQuery, pageUrl } from './router.ts';

/**
 * Where a provider's sign-in button goes: the API's OAuth2 session route (same origin), which
 * returns the browser to `next` signed in, or to this sign-in page with `error`.
 */
export function oauth2SignInUrl(providerId: string, next: string): string {
  const query = new URLSearchParams({
    success: pageUrl(next),
    failure: pageUrl(`/sign-in${nextQuery(next)}`),
  });
  return `/v1/account/sessions/oauth2/${encodeURIComponent(providerId)}?${query.toString()}`;
}

const FAILURE_SENTENCES: Record<string, string> = {
  general_bad_request:
    'The provider could not sign you in here. If you already have an account with this email, sign in to it another way first, then link the provider.',
  user_already_exists: 'This provider account, or its email, belongs to another account.',
  user_blocked: 'This account is blocked.',
  general_rate_limit_exceeded: 'Too many attempts. Wait a minute, then try again.',
};

/**
 * The sentence for the `error` the API puts on the failure URL. Only the error type is read:
 * anyone can craft this URL, so its free-text message is never shown.
 */
export function oauth2FailureSentence(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  let type: unknown;
  try {
    type = (JSON.parse(raw) as { type?: unknown } | null)?.type;
  } catch {
    type = undefined;
  }
  return (
    (typeof type === 'string' && Object.hasOwn(FAILURE_SENTENCES, type)
      ? FAILURE_SENTENCES[type]
      : undefined) ?? 'Signing in with the provider did not work. Try again, or sign in another way.'
  );
}
