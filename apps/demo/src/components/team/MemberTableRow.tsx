import { useState } from 'react';
import type { MemberRow } from '../../lib/view-models.ts';
import { DeliveryStatus } from './DeliveryStatus.tsx';
import { MemberActions } from './MemberActions.tsx';
import { RolesEditor } from './RolesEditor.tsx';

interface Props {
  teamId: string;
  member: MemberRow;
  isMe: boolean;
  canManage: boolean;
}

export function MemberTableRow({ teamId, member, isMe, canManage }: Props) {
  const [editing, setEditing] = useState(false);
  const date = new Date(member.since).toLocaleDateString();
  return (
    <tr>
      <td>
        {member.hidden && isMe ? (
          <strong>You</strong>
        ) : (
          <strong className={member.hidden ? 'muted' : undefined}>{member.displayName}</strong>
        )}
        {isMe && <span className="badge">you</span>}
        {member.email && member.email !== member.displayName && <div className="muted">{member.email}</div>}
      </td>
      <td>
        {editing ? (
          <RolesEditor teamId={teamId} member={member} onDone={() => setEditing(false)} />
        ) : member.roles.length > 0 ? (
          <ul className="roles" aria-label={`Roles of ${member.displayName}`}>
            {member.roles.map((role) => (
              <li key={role} className={role === 'owner' ? 'role role-owner' : 'role'}>
                {role}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">no roles</span>
        )}
      </td>
      <td>
        {member.status === 'member' ? (
          <>Joined {date}</>
        ) : (
          <>
            <span className="badge badge-pending">Invited</span> {date}
            {canManage && (
              <div>
                <DeliveryStatus teamId={teamId} membershipId={member.membershipId} />
              </div>
            )}
          </>
        )}
      </td>
      <td>
        {canManage && !editing && isMe && (
          <button
            type="button"
            className="secondary"
            aria-label={`Change roles of ${member.displayName}`}
            onClick={() => setEditing(true)}
          >
            Change roles
          </button>
        )}
        {canManage && !editing && !isMe && (
          <MemberActions teamId={teamId} member={member} onEditRoles={() => setEditing(true)} />
        )}
      </td>
    </tr>
  );
}
