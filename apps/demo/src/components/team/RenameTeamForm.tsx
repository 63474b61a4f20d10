import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Team } from '../../lib/api-types.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';

/**
 * Renames the team. The new name shows at once (optimistic): a rename has no side effects to
 * predict, and on failure the old name comes back with the error.
 */
export function RenameTeamForm({ team }: { team: Team }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(team.name);
  const teamKey = trpc.teams.get.queryKey({ teamId: team.$id });
  const rename = useMutation(
    trpc.teams.updateName.mutationOptions({
      onMutate: async ({ name: next }) => {
        await queryClient.cancelQueries({ queryKey: teamKey });
        const previous = queryClient.getQueryData(teamKey);
        if (previous) queryClient.setQueryData(teamKey, { ...previous, name: next });
        return { previous };
      },
      onError: (_error, _input, context) => {
        if (context?.previous) queryClient.setQueryData(teamKey, context.previous);
      },
      onSettled: () => queryClient.invalidateQueries(trpc.teams.pathFilter()),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ teamId: team.$id, name: name.trim() });
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Rename the team">
      <TextField label="Team name" required maxLength={128} value={name} onChange={setName} />
      <button type="submit" disabled={rename.isPending || !name.trim() || name.trim() === team.name}>
        {rename.isPending ? 'Renaming…' : 'Rename'}
      </button>
      <ErrorMessage error={rename.error} />
    </form>
  );
}
