import { useSyncExternalStore } from 'react';

/**
 * A tiny history router: the URL is the state, `navigate` pushes it, and components re-render
 * through `useLocation`. Enough for a dozen screens; no dependency needed.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
  /** pathname + search, for `?next=` redirects. */
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams, href };
}

export type Route =
  | { name: 'home' }
  | { name: 'signIn' }
  | { name: 'signUp' }
  | { name: 'teams' }
  | { name: 'team'; teamId: string }
  | { name: 'accept' }
  | { name: 'join' }
  | { name: 'account' }
  | { name: 'signInLink' }
  | { name: 'signInCode' }
  | { name: 'magicLink' }
  | { name: 'forgotPassword' }
  | { name: 'resetPassword' }
  | { name: 'verifyEmail' }
  | { name: 'invitations' }
  | { name: 'notFound' };

/** The screen for a path. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/sign-in') return { name: 'signIn' };
  if (path === '/sign-up') return { name: 'signUp' };
  if (path === '/teams') return { name: 'teams' };
  if (path === '/accept') return { name: 'accept' };
  if (path === '/join') return { name: 'join' };
  if (path === '/account') return { name: 'account' };
  if (path === '/sign-in/link') return { name: 'signInLink' };
  if (path === '/sign-in/code') return { name: 'signInCode' };
  if (path === '/magic-link') return { name: 'magicLink' };
  if (path === '/forgot-password') return { name: 'forgotPassword' };
  if (path === '/reset-password') return { name: 'resetPassword' };
  if (path === '/verify-email') return { name: 'verifyEmail' };
  if (path === '/invitations') return { name: 'invitations' };
  const team = /^\/teams\/([^/]+)$/.exec(path);
  if (team?.[1]) return { name: 'team', teamId: decodeURIComponent(team[1]) };
  return { name: 'notFound' };
}

export const teamPath = (teamId: string) => `/teams/${encodeURIComponent(teamId)}`;

/** A `?next=` target is only followed when it is a path on this site. */
export function safeNext(next: string | null, fallback = '/teams'): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

/** An absolute link to a page of this demo, for the links the API mails (`url`). */
export const pageUrl = (path: string) => new URL(path, window.location.origin).href;

/** `?next=…` to pass along, left out when it is the default. */
export const nextQuery = (next: string) => (next === '/teams' ? '' : `?next=${encodeURIComponent(next)}`);
