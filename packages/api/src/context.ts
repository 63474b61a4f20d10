import { type Actor } from './auth/actor.ts';
import { type Principal } from './auth/principal.ts';
import { type ApiDeps } from './deps.ts';
import { type HttpRequest, type HttpResponse } from './http.ts';

export type { ApiConfig, ApiDeps, Logger } from './deps.ts';
export type { CookieOptions, HttpRequest, HttpResponse } from './http.ts';

export interface Context {
  deps: ApiDeps;
  /** Correlates logs and error responses of one request. */
  requestId: string;
  req: HttpRequest;
  res: HttpResponse;
}

/**
 * The principal is resolved by the base procedure, so every procedure after it has one, and the
 * actor that services receive (who is calling, from where, in which locale).
 */
export type AuthedContext = Context & { principal: Principal; actor: Actor };

const noResponse: HttpResponse = { setHeader: () => {}, setCookie: () => {} };

/** Builds the per-request context; the tRPC and REST adapters both go through here, and tests too. */
export function createContextInner(
  deps: ApiDeps,
  options: { requestId: string; req?: Partial<HttpRequest>; res?: HttpResponse },
): Context {
  return {
    deps,
    requestId: options.requestId,
    req: { headers: {}, ip: '127.0.0.1', hostname: 'localhost', secure: false, ...options.req },
    res: options.res ?? noResponse,
  };
}
