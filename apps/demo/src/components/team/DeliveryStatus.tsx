import { useQuery } from '@tanstack/react-query';
import { describeDelivery } from '../../lib/view-models.ts';
import { useTRPC } from '../../trpc.ts';

/**
 * Whether the invitation email went out (owners only); re-checked every second while still
 * queued. The worker records no event when it sends (only API changes are events so far), so
 * this is the one place the demo still polls.
 */
export function DeliveryStatus({ teamId, membershipId }: { teamId: string; membershipId: string }) {
  const trpc = useTRPC();
  const delivery = useQuery(
    trpc.teams.getMembershipDelivery.queryOptions(
      { teamId, membershipId },
      { refetchInterval: (query) => (query.state.data?.state === 'queued' ? 1000 : false) },
    ),
  );
  if (delivery.isPending) return <span className="muted">Checking email…</span>;
  if (delivery.isError) return <span className="muted">Email status unavailable</span>;
  const { state, sentAt, lastError } = delivery.data;
  const title = state === 'sent' ? `Sent ${new Date(sentAt).toLocaleString()}` : lastError || undefined;
  return (
    <span className={`delivery delivery-${state}`} title={title} aria-live="polite">
      {describeDelivery(delivery.data)}
      {state === 'failed' && lastError && <span className="muted">: {lastError}</span>}
    </span>
  );
}
