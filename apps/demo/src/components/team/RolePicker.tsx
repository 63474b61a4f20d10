import { useQuery } from '@tanstack/react-query';
import { formatRoles, parseRoles } from '../../lib/roles.ts';
import { useTRPC } from '../../trpc.ts';

/**
 * The roles the team may hand out (the project's catalog, the team's own, `owner`), each with its
 * description: a click adds it to the roles being typed (docs/api.md#roles-and-permissions).
 */
export function RolePicker({
  teamId,
  value,
  onChange,
}: {
  teamId: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const trpc = useTRPC();
  const roles = useQuery(trpc.teams.listRoles.queryOptions({ teamId }));
  if (!roles.data || roles.data.roles.length <= 1) return null;
  const chosen = new Set(parseRoles(value));
  return (
    <div className="role-picker" aria-label="Available roles">
      <small className="hint">
        {roles.data.catalog ? 'This project only accepts these roles:' : 'Suggested roles:'}
      </small>
      <ul className="roles">
        {roles.data.roles.map((role) => (
          <li key={role.name}>
            <button
              type="button"
              className={chosen.has(role.name) ? 'role role-chosen' : 'role secondary'}
              aria-pressed={chosen.has(role.name)}
              title={role.description}
              onClick={() => {
                const next = new Set(chosen);
                if (next.has(role.name)) next.delete(role.name);
                else next.add(role.name);
                onChange(formatRoles([...next]));
              }}
            >
              {role.name}
            </button>{' '}
            <small className="muted">{role.description}</small>
          </li>
        ))}
      </ul>
    </div>
  );
}
