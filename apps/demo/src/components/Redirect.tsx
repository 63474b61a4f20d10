import { useEffect } from 'react';
import { navigate } from '../lib/router.ts';

/** Replaces the current URL (guests sent to sign in, signed-in users away from it). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
