import { useMutation } from '@tanstack/react-query';
import type { Team } from '../../lib/api-types.ts';
import { useLeaveTeamPage } from '../../hooks/useLeaveTeamPage.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { ErrorMessage } from '../ErrorMessage.tsx';

/** Deletes the team with all its memberships and pending invitations (owners only). */
export function DeleteTeam({ team }: { team: Team }) {
  const trpc = useTRPC();
  const backToTeams = useLeaveTeamPage(team.$id);
  const remove = useMutation(trpc.teams.delete.mutationOptions({ onSuccess: backToTeams }));
  return (
    <div>
      <ConfirmButton
        danger
        label="Delete team"
        confirmLabel={`Yes, delete ${team.name}`}
        pending={remove.isPending}
        pendingLabel="Deleting…"
        onConfirm={() => remove.mutate({ teamId: team.$id })}
      />
      <ErrorMessage error={remove.error} />
    </div>
  );
}
