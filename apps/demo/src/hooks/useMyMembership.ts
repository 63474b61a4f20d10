import { useQuery } from '@tanstack/react-query';
import { Query } from '../lib/queries.ts';
import { toMemberRow, type MemberRow } from '../lib/view-models.ts';
import { useTRPC } from '../trpc.ts';

/** The signed-in user's own membership of a team: whether they own it, and what "leave" deletes. */
export function useMyMembership(teamId: string, userId: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.teams.listMemberships.queryOptions({
      teamId,
      queries: [Query.equal('userId', userId), Query.limit(1)],
    }),
    select: (list): MemberRow | null => {
      const own = list.memberships[0];
      return own ? toMemberRow(own) : null;
    },
  });
}
