import { useMutation } from '@tanstack/react-query';
import type { Team } from '../../lib/api-types.ts';
import { useLeaveTeamPage } from '../../hooks/useLeaveTeamPage.ts';
import type { MemberRow } from '../../lib/view-models.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { ErrorMessage } from '../ErrorMessage.tsx';

/** Deletes the caller's own membership. The API keeps every team an owner, and says so. */
export function LeaveTeam({ team, me }: { team: Team; me: MemberRow }) {
  const trpc = useTRPC();
  const backToTeams = useLeaveTeamPage(team.$id);
  const leave = useMutation(trpc.teams.deleteMembership.mutationOptions({ onSuccess: backToTeams }));
  return (
    <div>
      <ConfirmButton
        danger
        label="Leave team"
        confirmLabel={`Yes, leave ${team.name}`}
        pending={leave.isPending}
        pendingLabel="Leaving…"
        onConfirm={() => leave.mutate({ teamId: team.$id, membershipId: me.membershipId })}
      />
      <ErrorMessage error={leave.error} />
    </div>
  );
}
