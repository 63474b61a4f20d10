import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { DEMO_CSP } from './response-headers.ts';

/** Paths the API owns: neither the demo's files nor its index.html ever answer under them. */
const API_PREFIXES = ['/trpc', '/v1', '/health', '/docs'];

const isApiPath = (urlPath: string) =>
  API_PREFIXES.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));

/**
 * Serves the built demo (`apps/demo/dist`, from `pnpm --filter @roster/demo build`) under `/`:
 * its files as they are (hashed assets cached for a year), and index.html for any other GET of a
 * path without a file extension (the demo's own routes: /teams/…, /accept?…). API paths and
 * missing assets fall through to the next handler (the API, then its JSON 404).
 */
export function demoStatic(distDir: string): Router {
  const indexFile = path.resolve(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(`the demo build is missing (${indexFile}); run: pnpm --filter @roster/demo build`);
  }
  const files = express.static(distDir, {
    index: false,
    setHeaders(res, file) {
      const hashed = file.startsWith(path.resolve(distDir, 'assets') + path.sep);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', DEMO_CSP);
    },
  });

  const router = express.Router();
  router.use((req, res, next) => (isApiPath(req.path) ? next() : files(req, res, next)));
  router.use((req, res, next) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && path.extname(req.path) === '';
    if (!isPage || isApiPath(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', DEMO_CSP);
    res.sendFile(indexFile, (error) => error && next(error));
  });
  return router;
}
