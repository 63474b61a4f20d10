import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In dev the API sits behind this proxy, so the demo and the API share one origin (cookies work).
const apiUrl = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.DEMO_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/trpc': apiUrl,
      '/v1': apiUrl,
      '/health': apiUrl,
      '/docs': apiUrl,
    },
  },
});
