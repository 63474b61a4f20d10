import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { isRetryable } from './lib/errors.ts';
import './styles.css';
import { createClient, TRPCProvider } from './trpc.ts';

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // A 4xx will not change by asking again; a dropped connection or a 5xx may.
      queries: { retry: (failures, error) => isRetryable(error) && failures < 2, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}

function Root() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <App />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
