import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { teamPath, navigate } from '../../lib/router.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';

/** Creates a team (the signed-in user becomes its owner) and opens it. */
export function CreateTeamForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: async (team) => {
        await queryClient.invalidateQueries(trpc.teams.list.pathFilter());
        navigate(teamPath(team.$id));
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ teamId: 'unique()', name: name.trim() });
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Create a team">
      <TextField label="New team name" required maxLength={128} value={name} onChange={setName} />
      <button type="submit" disabled={create.isPending || !name.trim()}>
        {create.isPending ? 'Creating…' : 'Create team'}
      </button>
      <ErrorMessage error={create.error} />
    </form>
  );
}
