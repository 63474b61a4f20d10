import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { parseRoles } from '../../lib/roles.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';

/**
 * The team's roles with what they allow, what the signed-in member may do, a "may I …?" check, and,
 * for owners, the team's own roles to add and delete (docs/api.md#roles-and-permissions).
 */
export function TeamRoles({
  teamId,
  myRoles,
  isOwner,
}: {
  teamId: string;
  myRoles: string[];
  isOwner: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roles = useQuery(trpc.teams.listRoles.queryOptions({ teamId }));
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [permissions, setPermissions] = useState('');
  const [question, setQuestion] = useState('');
  const [asked, setAsked] = useState('');
  const refresh = () => queryClient.invalidateQueries(trpc.teams.listRoles.queryFilter({ teamId }));
  const create = useMutation(
    trpc.teams.createRole.mutationOptions({
      onSuccess: async () => {
        setName('');
        setDescription('');
        setPermissions('');
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.teams.deleteRole.mutationOptions({
      onSuccess: async () => {
        await refresh();
      },
    }),
  );
  const check = useQuery(
    trpc.teams.checkPermission.queryOptions({ teamId, permission: asked }, { enabled: asked !== '' }),
  );
  if (roles.isPending) return <p aria-busy="true">Loading roles…</p>;
  if (roles.isError) return <ErrorMessage error={roles.error} />;

  const mine = roles.data.roles.filter((role) => myRoles.includes(role.name));
  const myPermissions = [...new Set(mine.flatMap((role) => role.permissions))];
  const ask = (event: FormEvent) => {
    event.preventDefault();
    setAsked(question.trim());
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      teamId,
      roleId: name.trim(),
      description: description.trim(),
      permissions: parseRoles(permissions),
    });
  };

  return (
    <>
      <p data-testid="my-permissions">
        What you can do here:{' '}
        {myPermissions.length === 0 ? (
          <span className="muted">no permissions</span>
        ) : myPermissions.includes('*') ? (
          'everything (owner)'
        ) : (
          myPermissions.join(', ')
        )}
      </p>
      <table className="team-roles">
        <caption className="visually-hidden">Roles of this team</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Description</th>
            <th scope="col">Permissions</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {roles.data.roles.map((role) => (
            <tr key={role.name}>
              <td>
                {role.name} {role.source === 'team' && <span className="badge">team</span>}
              </td>
              <td>{role.description}</td>
              <td>{role.permissions.join(', ')}</td>
              <td>
                {isOwner && role.source === 'team' && (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Delete role ${role.name}`}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate({ teamId, roleId: role.name })}
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={remove.error} />

      <form onSubmit={ask} aria-label="Check a permission" className="inline-form">
        <TextField
          label="May I…"
          placeholder="invoices.read"
          required
          value={question}
          onChange={setQuestion}
        />
        <button type="submit" disabled={asked !== '' && check.isFetching}>
          Check
        </button>
        {check.data && (
          <p role="status">
            {check.data.allowed
              ? `Yes: ${check.data.permission} is granted by ${check.data.grantedBy.join(', ')}.`
              : `No: none of your roles grants ${check.data.permission}.`}
          </p>
        )}
        <ErrorMessage error={check.error} />
      </form>

      {isOwner && (
        <form onSubmit={add} aria-label="Add a team role" className="inline-form">
          <TextField label="New role" required value={name} onChange={setName} />
          <TextField label="Description" maxLength={256} value={description} onChange={setDescription} />
          <TextField
            label="Permissions"
            hint="Comma-separated, e.g. invoices.read, reports.*"
            value={permissions}
            onChange={setPermissions}
          />
          <button type="submit" disabled={create.isPending}>
            Add role
          </button>
          <ErrorMessage error={create.error} />
        </form>
      )}
    </>
  );
}
