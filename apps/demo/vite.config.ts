import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In dev the API sits behind this proxy, so the demo and the API share one origin (cookies work).
const apiUrl = process.env.API_URL ?? 'http://localhost:3000';
// The proxy keeps the browser's Host (Vite's string shorthand would rewrite it to the API's), so
// the API sees that the page's Origin is its own host and lets the demo's mutations through.
// `ws`: the realtime WebSocket (/v1/realtime) goes through the proxy too.
const api = { target: apiUrl, changeOrigin: false, ws: true };

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.DEMO_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/trpc': api,
      '/v1': api,
      '/health': api,
      '/docs': api,
    },
  },
});
