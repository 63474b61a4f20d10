import { useQuery } from '@tanstack/react-query';
import { useLive } from '../../hooks/useLiveUpdates.ts';
import { describeDelivery } from '../../lib/view-models.ts';
import { useTRPC } from '../../trpc.ts';

/**
 * Whether the invitation email went out (owners only). The worker's delivery event refetches it
 * (useLiveUpdates) as the email goes out; only while the realtime socket is down is a queued
 * email looked at again every second.
 */
export function DeliveryStatus({ teamId, membershipId }: { teamId: string; membershipId: string }) {
  const trpc = useTRPC();
  const live = useLive();
  const delivery = useQuery(
    trpc.teams.getMembershipDelivery.queryOptions(
      { teamId, membershipId },
      { refetchInterval: (query) => (!live && query.state.data?.state === 'queued' ? 1000 : false) },
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
