import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createOpenApiDocument } from './document.ts';

/** The committed copy of the REST API's document, for reviews and clients; `pnpm openapi` rewrites it. */
export const SNAPSHOT_PATH = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

export const renderOpenApiDocument = () => `${JSON.stringify(createOpenApiDocument(), null, 2)}\n`;

export const readOpenApiSnapshot = () => readFile(SNAPSHOT_PATH, 'utf8');

export async function writeOpenApiSnapshot(): Promise<void> {
  await writeFile(SNAPSHOT_PATH, renderOpenApiDocument());
}
