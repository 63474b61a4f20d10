import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatRoles, parseRoles } from '../../lib/roles.ts';
import type { MemberRow } from '../../lib/view-models.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';
import { RolePicker } from './RolePicker.tsx';

/** Replaces a membership's roles; the API refuses to take `owner` from the last owner. */
export function RolesEditor({
  teamId,
  member,
  onDone,
}: {
  teamId: string;
  member: MemberRow;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(formatRoles(member.roles));
  const update = useMutation(
    trpc.teams.updateMembership.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.teams.pathFilter());
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ teamId, membershipId: member.membershipId, roles: parseRoles(text) });
  };
  return (
    <form className="roles-editor" onSubmit={submit} aria-label={`Roles of ${member.displayName}`}>
      <TextField
        label={`Roles of ${member.displayName}`}
        hint="Comma-separated, e.g. owner, developer"
        autoFocus
        value={text}
        onChange={setText}
      />
      <RolePicker teamId={teamId} value={text} onChange={setText} />
      <button type="submit" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save roles'}
      </button>
      <button type="button" className="secondary" onClick={onDone} disabled={update.isPending}>
        Cancel
      </button>
      <ErrorMessage error={update.error} />
    </form>
  );
}
