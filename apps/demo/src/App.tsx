import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc.ts';

const LABELS = { database: 'Database', redis: 'Redis', smtp: 'Mail (SMTP)' } as const;

/** Placeholder home until the demo issue lands: shows that the typed API answers. */
export function App() {
  const trpc = useTRPC();
  const health = useQuery(trpc.health.get.queryOptions(undefined, { refetchInterval: 5000 }));

  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '3rem auto', padding: '0 1rem' }}
    >
      <h1>Roster</h1>
      <p>Teams, memberships and email invitations.</p>
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">API status</h2>
        {health.isPending && <p>Checking…</p>}
        {health.isError && <p role="alert">The API is not answering. Is `pnpm dev` running?</p>}
        {health.data && (
          <ul>
            {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((name) => {
              const check = health.data.checks[name];
              return (
                <li key={name}>
                  {LABELS[name]}: <strong>{check.status === 'pass' ? 'up' : 'down'}</strong> ({check.ping} ms)
                  {check.message && <> — {check.message}</>}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </main>
  );
}
