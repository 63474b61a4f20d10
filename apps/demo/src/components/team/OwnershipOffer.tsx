import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

/**
 * The team's pending ownership offer (docs/api.md#ownership-transfers), as its recipient sees it
 * (accept or decline) and as owners see it (the offerer may cancel). Others are shown none by the API.
 */
export function OwnershipOffer({ teamId, myUserId }: { teamId: string; myUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.teams.pathFilter());
  const offers = useQuery(trpc.teams.listOwnershipTransfers.queryOptions({ teamId }));
  const accept = useMutation(trpc.teams.acceptOwnershipTransfer.mutationOptions({ onSuccess: refresh }));
  const decline = useMutation(trpc.teams.declineOwnershipTransfer.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.teams.deleteOwnershipTransfer.mutationOptions({ onSuccess: refresh }));
  const offer = offers.data?.transfers[0];
  if (!offer) return null;
  const ids = { teamId, transferId: offer.$id };
  const busy = accept.isPending || decline.isPending || cancel.isPending;
  const until = new Date(offer.expire).toLocaleString();

  return (
    <section aria-labelledby="ownership-offer-heading" className="notice">
      <h2 id="ownership-offer-heading">Ownership offer</h2>
      {offer.toUserId === myUserId ? (
        <>
          <p>
            {offer.fromUserName || 'An owner'} offers you ownership of {offer.teamName} (until {until}).
          </p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => accept.mutate(ids)}>
              Accept ownership
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => decline.mutate(ids)}>
              Decline
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            {offer.fromUserId === myUserId ? 'You' : offer.fromUserName || 'An owner'} offered ownership to{' '}
            {offer.toUserName || 'a member'} (until {until}); waiting for them to accept.
          </p>
          {offer.fromUserId === myUserId && (
            <button type="button" className="secondary" disabled={busy} onClick={() => cancel.mutate(ids)}>
              Cancel offer
            </button>
          )}
        </>
      )}
      <ErrorMessage error={accept.error ?? decline.error ?? cancel.error} />
    </section>
  );
}
