import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MemberRow } from '../../lib/view-models.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { ErrorMessage } from '../ErrorMessage.tsx';

interface Props {
  teamId: string;
  member: MemberRow;
  onEditRoles: () => void;
}

/**
 * An owner's actions on someone else's row: roles, resend or revoke an invitation, offer ownership to a
 * member, remove a member.
 */
export function MemberActions({ teamId, member, onEditRoles }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.teams.pathFilter());
  const remove = useMutation(trpc.teams.deleteMembership.mutationOptions({ onSuccess: refresh }));
  // Inviting the same address again rotates the secret and sends a new email; the old link dies.
  const resend = useMutation(trpc.teams.createMembership.mutationOptions({ onSuccess: refresh }));
  // Ownership passes only when the member accepts (docs/api.md#ownership-transfers).
  const offer = useMutation(trpc.teams.createOwnershipTransfer.mutationOptions({ onSuccess: refresh }));
  const who = member.displayName;
  const invited = member.status === 'invited';

  return (
    <div className="actions">
      <button type="button" className="secondary" aria-label={`Change roles of ${who}`} onClick={onEditRoles}>
        Change roles
      </button>
      {invited && member.email && (
        <button
          type="button"
          className="secondary"
          aria-label={`Resend invitation to ${who}`}
          disabled={resend.isPending}
          onClick={() =>
            resend.mutate({
              teamId,
              email: member.email,
              roles: member.roles,
              url: `${window.location.origin}/accept`,
            })
          }
        >
          {resend.isPending ? 'Resending…' : 'Resend'}
        </button>
      )}
      {!invited && !member.isOwner && (
        <button
          type="button"
          className="secondary"
          aria-label={`Offer ownership to ${who}`}
          disabled={offer.isPending}
          onClick={() => offer.mutate({ teamId, membershipId: member.membershipId })}
        >
          {offer.isPending ? 'Offering…' : 'Offer ownership'}
        </button>
      )}
      <ConfirmButton
        danger
        label={invited ? 'Revoke' : 'Remove'}
        ariaLabel={invited ? `Revoke invitation of ${who}` : `Remove ${who}`}
        confirmLabel={invited ? `Yes, revoke ${who}'s invitation` : `Yes, remove ${who}`}
        pending={remove.isPending}
        pendingLabel={invited ? 'Revoking…' : 'Removing…'}
        onConfirm={() => remove.mutate({ teamId, membershipId: member.membershipId })}
      />
      <ErrorMessage error={remove.error ?? resend.error ?? offer.error} />
    </div>
  );
}
