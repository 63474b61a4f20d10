import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState } from 'react';
import { openRealtime } from '../lib/realtime.ts';
import { useTRPC } from '../trpc.ts';

/** Whether the page is receiving realtime events: while it is, lists need no polling. */
export const LiveContext = createContext(false);

/** `true` while the realtime socket is subscribed. */
export const useLive = () => useContext(LiveContext);

/**
 * While someone is signed in, keeps a realtime socket subscribed to their teams and memberships
 * (docs/events.md#realtime) and refetches the team queries whenever one of them changes: a
 * member joins, an invitation's email goes out, a team is renamed or deleted, the user is
 * removed. After a reconnect everything is refetched, since events sent meanwhile are not
 * replayed.
 */
export function useLiveUpdates(signedIn: boolean): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!signedIn) return;
    const refresh = () => void queryClient.invalidateQueries(trpc.teams.pathFilter());
    const close = openRealtime({
      channels: ['teams', 'memberships'],
      onEvent: refresh,
      onLive: (now) => {
        setLive(now);
        if (now) refresh();
      },
    });
    return () => {
      close();
      setLive(false);
    };
  }, [signedIn, queryClient, trpc]);
  return live;
}
