import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { DOCS_CSP } from './response-headers.ts';

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Roster REST API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  withCredentials: true,
  persistAuthorization: true,
});
`;

/** `/docs`: Swagger UI for `/v1/openapi.json`, served from swagger-ui-dist (no CDN). */
export function createDocsPage(): Router {
  const docs = express.Router();
  docs.get('/', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('html').send(PAGE);
  });
  docs.get('/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  docs.use('/assets', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));
  return docs;
}
