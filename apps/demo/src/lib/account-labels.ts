/** How a session was opened (its Appwrite `provider`), in words. */
const PROVIDERS: Record<string, string> = {
  email: 'Password or invitation',
  'magic-url': 'Emailed link',
  token: 'Emailed code or token',
  server: 'Opened by a server',
};

export const providerLabel = (provider: string) => PROVIDERS[provider] ?? provider;

/** An activity log's event (Appwrite's audit labels, docs/events.md#activity-logs), in words. */
const EVENTS: Record<string, string> = {
  'user.create': 'Account created',
  'user.update': 'Account changed',
  'user.delete': 'Account deleted',
  'session.create': 'Signed in',
  'session.update': 'Sign-in confirmed',
  'session.delete': 'Signed out',
  'recovery.create': 'Password reset asked for',
  'recovery.update': 'Password reset',
  'verification.create': 'Verification email asked for',
  'verification.update': 'Email address verified',
  'identity.delete': 'Sign-in provider unlinked',
};

export const eventLabel = (event: string) => EVENTS[event] ?? event;

/** A timestamp of the API, in the browser's locale. */
export const formatTime = (iso: string) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
