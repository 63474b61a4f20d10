import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { parseRoles } from '../../lib/roles.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';
import { RolePicker } from './RolePicker.tsx';

/** The page the email's link opens; its host must be in the server's ROSTER_REDIRECT_HOSTS. */
export const acceptUrl = () => `${window.location.origin}/accept`;

/** Owners invite by email: the API creates a pending membership and the worker sends the link. */
export function InviteForm({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState('');
  const [sentTo, setSentTo] = useState('');
  const invite = useMutation(
    trpc.teams.createMembership.mutationOptions({
      onSuccess: async (membership) => {
        setSentTo(membership.userEmail);
        setEmail('');
        setName('');
        setRoles('');
        await queryClient.invalidateQueries(trpc.teams.pathFilter());
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSentTo('');
    invite.mutate({
      teamId,
      email: email.trim(),
      roles: parseRoles(roles),
      url: acceptUrl(),
      ...(name.trim() ? { name: name.trim() } : {}),
    });
  };

  return (
    <form className="invite-form" onSubmit={submit} aria-label="Invite a member">
      <TextField label="Email to invite" type="email" required value={email} onChange={setEmail} />
      <TextField label="Their name (optional)" maxLength={128} value={name} onChange={setName} />
      <TextField
        label="Their roles"
        hint="Comma-separated, e.g. developer, billing. Add owner to make them an owner."
        value={roles}
        onChange={setRoles}
      />
      <RolePicker teamId={teamId} value={roles} onChange={setRoles} />
      <button type="submit" disabled={invite.isPending}>
        {invite.isPending ? 'Inviting…' : 'Send invitation'}
      </button>
      <ErrorMessage
        error={invite.error}
        sentences={{ membership_already_confirmed: 'This person is already a member of the team.' }}
      />
      {sentTo && (
        <p role="status" className="success">
          Invitation sent to {sentTo}.
        </p>
      )}
    </form>
  );
}
