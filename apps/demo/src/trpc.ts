import type { AppRouter } from '@roster/api';
import { createTRPCClient, httpBatchLink, loggerLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** Types come from the server's router; nothing is generated or copied. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Same origin as the page (the Vite proxy in dev, apps/server in production), so session cookies just work. */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      loggerLink({
        enabled: (op) => import.meta.env.DEV && op.direction === 'down' && op.result instanceof Error,
      }),
      httpBatchLink({
        url: '/trpc',
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
}
