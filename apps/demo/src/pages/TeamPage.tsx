import { useQuery } from '@tanstack/react-query';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { BulkInviteForm } from '../components/team/BulkInviteForm.tsx';
import { DeleteTeam } from '../components/team/DeleteTeam.tsx';
import { InvitationStates } from '../components/team/InvitationStates.tsx';
import { InviteForm } from '../components/team/InviteForm.tsx';
import { JoinLinks } from '../components/team/JoinLinks.tsx';
import { LeaveTeam } from '../components/team/LeaveTeam.tsx';
import { MemberTable } from '../components/team/MemberTable.tsx';
import { OwnershipOffer } from '../components/team/OwnershipOffer.tsx';
import { PrefsEditor } from '../components/team/PrefsEditor.tsx';
import { RenameTeamForm } from '../components/team/RenameTeamForm.tsx';
import { TeamRoles } from '../components/team/TeamRoles.tsx';
import { useMyMembership } from '../hooks/useMyMembership.ts';
import type { User } from '../lib/api-types.ts';
import { useTRPC } from '../trpc.ts';

/** One team: members and invitations, inviting, settings (owners), and leaving. */
export function TeamPage({ teamId, user }: { teamId: string; user: User }) {
  const trpc = useTRPC();
  const team = useQuery(trpc.teams.get.queryOptions({ teamId }));
  const me = useMyMembership(teamId, user.$id);

  // Both, so owners' controls do not pop in after the page has drawn.
  if (team.isPending || me.isPending) return <p aria-busy="true">Loading team…</p>;
  if (team.isError || me.isError) {
    return (
      <section>
        <PageHeading>Team unavailable</PageHeading>
        <ErrorMessage error={team.error ?? me.error} />
        <Link to="/teams">Back to my teams</Link>
      </section>
    );
  }
  const isOwner = me.data?.isOwner ?? false;
  const { total } = team.data;

  return (
    <section>
      <p>
        <Link to="/teams">← My teams</Link>
      </p>
      <PageHeading>{team.data.name}</PageHeading>
      <p className="muted">
        {total} {total === 1 ? 'member' : 'members'}
        {me.data && <> · your roles: {me.data.roles.join(', ') || 'none'}</>}
      </p>

      <OwnershipOffer teamId={teamId} myUserId={user.$id} />

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <MemberTable teamId={teamId} myMembershipId={me.data?.membershipId} isOwner={isOwner} />
      </section>

      {isOwner && (
        <section aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite a member</h2>
          <InviteForm teamId={teamId} />
        </section>
      )}
      {isOwner && (
        <section aria-labelledby="bulk-invite-heading">
          <h2 id="bulk-invite-heading">Invite many</h2>
          <BulkInviteForm teamId={teamId} />
        </section>
      )}

      {isOwner && (
        <section aria-labelledby="join-links-heading">
          <h2 id="join-links-heading">Join links</h2>
          <JoinLinks teamId={teamId} />
        </section>
      )}

      {isOwner && <InvitationStates teamId={teamId} />}

      <section aria-labelledby="roles-heading">
        <h2 id="roles-heading">Roles and permissions</h2>
        <TeamRoles teamId={teamId} myRoles={me.data?.roles ?? []} isOwner={isOwner} />
      </section>

      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        {isOwner && <RenameTeamForm team={team.data} />}
        <PrefsEditor teamId={teamId} canEdit={isOwner} />
      </section>

      <section aria-labelledby="danger-heading" className="danger-zone">
        <h2 id="danger-heading">Leave or delete</h2>
        {me.data && <LeaveTeam team={team.data} me={me.data} />}
        {isOwner && <DeleteTeam team={team.data} />}
      </section>
    </section>
  );
}
