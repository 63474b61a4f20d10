import { type CustomFetch } from 'openid-client';
import { AppError } from '../errors.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a provider URL may be fetched: https, or http to loopback when allowed (development). */
export function isAllowedProviderUrl(value: string, allowLoopbackHttp: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && allowLoopbackHttp && LOOPBACK.has(url.hostname);
}

/**
 * The fetch openid-client makes every request to a provider with: the issuer is operator
 * configuration, but its discovery document names the other endpoints, so each URL is checked
 * again (https only, http to loopback in development) before anything connects, and every request
 * is aborted after `timeoutMs`. Redirects are not followed (openid-client asks for `manual`).
 */
export function providerFetch(
  options: { allowLoopbackHttp: boolean; timeoutMs: number },
  connect: typeof fetch = fetch,
): CustomFetch {
  return (url, init) => {
    if (!isAllowedProviderUrl(url, options.allowLoopbackHttp)) {
      return Promise.reject(
        new AppError(
          'user_oauth2_provider_error',
          'The OAuth2 provider is configured with an endpoint that is not https.',
        ),
      );
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return connect(url, { ...(init as RequestInit), signal, redirect: 'manual' });
  };
}
