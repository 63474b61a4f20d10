import { useQuery } from '@tanstack/react-query';
import { eventLabel, formatTime } from '../../lib/account-labels.ts';
import { Query } from '../../lib/queries.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

const SHOWN = 20;

/**
 * What happened to the account lately (`account.listLogs`, newest first). The worker records the
 * entries after the fact, so a change may take a moment to show: "Refresh" asks again.
 */
export function ActivityLog() {
  const trpc = useTRPC();
  const logs = useQuery(trpc.account.listLogs.queryOptions({ queries: [Query.limit(SHOWN)] }));
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      {logs.isPending && <p aria-busy="true">Loading…</p>}
      <ErrorMessage error={logs.error} />
      {logs.data && logs.data.logs.length === 0 && <p className="empty">Nothing yet.</p>}
      {logs.data && logs.data.logs.length > 0 && (
        <table className="list" aria-label="Activity">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {logs.data.logs.map((log, index) => (
              <tr key={`${log.time}-${index}`}>
                <td>{formatTime(log.time)}</td>
                <td>{eventLabel(log.event)}</td>
                <td>{[log.ip, log.clientName, log.osName].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="secondary"
        disabled={logs.isFetching}
        onClick={() => void logs.refetch()}
      >
        {logs.isFetching ? 'Refreshing…' : 'Refresh activity'}
      </button>
    </section>
  );
}
