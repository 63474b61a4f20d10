import { useQuery } from '@tanstack/react-query';
import { useLive } from '../../hooks/useLiveUpdates.ts';
import { Query } from '../../lib/queries.ts';
import { toMemberRow } from '../../lib/view-models.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { MemberTableRow } from './MemberTableRow.tsx';

/** The list API's largest page; teams beyond it show a note rather than a pager. */
const MEMBERS_LIMIT = 100;
const PENDING_POLL_MS = 2000;

/** Members and pending invitations, with their roles, and owners' actions on each. */
export function MemberTable({
  teamId,
  myMembershipId,
  isOwner,
}: {
  teamId: string;
  /** The caller's own membership (by id: the privacy may blank its `userId`). */
  myMembershipId: string | undefined;
  isOwner: boolean;
}) {
  const trpc = useTRPC();
  const live = useLive();
  const memberships = useQuery(
    trpc.teams.listMemberships.queryOptions(
      { teamId, queries: [Query.limit(MEMBERS_LIMIT)] },
      // Invitees join without the owner doing anything: realtime events refetch the list
      // (useLiveUpdates). Only while the socket is down, pending invitations are looked at again now and then.
      {
        refetchInterval: (query) =>
          !live && query.state.data?.memberships.some((m) => !m.confirm) ? PENDING_POLL_MS : false,
      },
    ),
  );
  if (memberships.isPending) return <p aria-busy="true">Loading members…</p>;
  if (memberships.isError) return <ErrorMessage error={memberships.error} />;
  const rows = memberships.data.memberships.map(toMemberRow);
  if (rows.length === 0) return <p className="empty">No members yet.</p>;
  return (
    <>
      <table className="members">
        <caption className="visually-hidden">Members and pending invitations</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((member) => (
            <MemberTableRow
              key={member.membershipId}
              teamId={teamId}
              member={member}
              isMe={member.membershipId === myMembershipId}
              canManage={isOwner}
            />
          ))}
        </tbody>
      </table>
      {rows.some((row) => row.hidden) && (
        <p className="muted" data-testid="privacy-note">
          Names and email addresses of other members are hidden by this deployment’s membership privacy;
          owners see them.
        </p>
      )}
      {memberships.data.total > rows.length && (
        <p className="muted">
          Showing the first {rows.length} of {memberships.data.total}.
        </p>
      )}
    </>
  );
}
