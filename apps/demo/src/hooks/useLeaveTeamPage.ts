import { useQueryClient } from '@tanstack/react-query';
import { navigate } from '../lib/router.ts';
import { useTRPC } from '../trpc.ts';

/** After the team is gone for the caller (deleted, or they left): forget it and go back to the list. */
export function useLeaveTeamPage(teamId: string): () => void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    queryClient.removeQueries(trpc.teams.get.queryFilter({ teamId }));
    void queryClient.invalidateQueries(trpc.teams.list.pathFilter());
    navigate('/teams');
  };
}
