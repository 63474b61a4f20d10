import type { ErrorSentences } from './errors.ts';

/** Words for the mailed sign-ins' errors, where the generic sentences would mislead. */
export const MAILED_SIGN_IN_SENTENCES: ErrorSentences = {
  general_rate_limit_exceeded: 'Too many sign-in emails or attempts. Please wait a while and try again.',
  user_session_already_exists: 'You are already signed in. Sign out first to use another account.',
};
