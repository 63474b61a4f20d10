import type { AppRouter } from '@roster/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** Types come from the server's router; nothing is generated or copied. */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({ url: '/trpc', fetch: (url, init) => fetch(url, { ...init, credentials: 'include' }) }),
    ],
  });
}
