import { header, type HttpRequest } from '../http.ts';
import { type Principal } from './principal.ts';

/**
 * Who is calling, as services see it: the principal (a user with their session, an API key with
 * its scopes, or a guest), the client's address (after `ROSTER_TRUST_PROXY`) and user agent, and
 * the locale asked for with `X-Appwrite-Locale`. Built once per call from the request, so no
 * service reads a header.
 */
export interface Actor {
  principal: Principal;
  ip: string;
  userAgent: string;
  locale: string;
  /** The request's id, carried by the events it records (docs/events.md). */
  requestId?: string | undefined;
}

export function actorOf(principal: Principal, req: HttpRequest, requestId?: string): Actor {
  return {
    principal,
    requestId,
    ip: req.ip,
    userAgent: header(req, 'user-agent') ?? '',
    locale: normaliseLocale(header(req, 'x-appwrite-locale')),
  };
}

/**
 * A locale code from `X-Appwrite-Locale`, normalised to lower case with hyphens (`pt_BR` →
 * `pt-br`); anything that does not look like a language tag becomes `en`. The mail renderer
 * falls back to English for locales it does not know.
 */
function normaliseLocale(value: string | undefined): string {
  const locale = value?.trim().toLowerCase().replace(/_/g, '-');
  return locale && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(locale) ? locale : 'en';
}
