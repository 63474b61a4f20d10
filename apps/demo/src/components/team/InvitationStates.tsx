import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { RouterInputs } from '../../lib/api-types.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

type InvitationState = NonNullable<RouterInputs['teams']['listInvitations']['state']>;

const STATES: { value: InvitationState | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'declined', label: 'Declined' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];

const DELIVERY: Record<string, string> = {
  queued: 'Email queued',
  sent: 'Email sent',
  failed: 'Email failed',
  skipped: 'No email',
  '': '—',
};

/**
 * The team's invitations in every state, owners only: pending, accepted, declined, expired and
 * revoked (declined and revoked ones are gone from the member list, as in Appwrite), with the
 * email's delivery, filtered on one state by the server.
 */
export function InvitationStates({ teamId }: { teamId: string }) {
  // Closed by default: the member list shows who is in the team; this is the invitations' history.
  const [open, setOpen] = useState(false);
  return (
    <details className="invitation-states" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Invitations by state</summary>
      {open && <InvitationTable teamId={teamId} />}
    </details>
  );
}

function InvitationTable({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const selectId = useId();
  const [state, setState] = useState<InvitationState | ''>('');
  const invitations = useQuery(
    trpc.teams.listInvitations.queryOptions({ teamId, limit: 100, ...(state ? { state } : {}) }),
  );
  return (
    <>
      <div className="field">
        <label htmlFor={selectId}>Show invitations</label>
        <select
          id={selectId}
          value={state}
          onChange={(event) => setState(event.target.value as InvitationState | '')}
        >
          {STATES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {invitations.isPending && <p aria-busy="true">Loading invitations…</p>}
      <ErrorMessage error={invitations.error} />
      {invitations.data && invitations.data.invitations.length === 0 && (
        <p className="empty">No invitations{state ? ` in this state` : ''}.</p>
      )}
      {invitations.data && invitations.data.invitations.length > 0 && (
        <table className="members" aria-label="Invitations">
          <thead>
            <tr>
              <th scope="col">Invitee</th>
              <th scope="col">Roles</th>
              <th scope="col">State</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {invitations.data.invitations.map((invitation) => (
              <tr key={invitation.$id}>
                <td>{invitation.userName || invitation.userEmail || invitation.userId}</td>
                <td>{invitation.roles.join(', ') || '—'}</td>
                <td>
                  <span className={`state state-${invitation.state}`}>{invitation.state}</span>
                </td>
                <td>{DELIVERY[invitation.deliveryState] ?? invitation.deliveryState}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
