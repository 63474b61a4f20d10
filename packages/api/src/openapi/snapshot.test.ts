import { describe, expect, it } from 'vitest';
import { readOpenApiSnapshot, renderOpenApiDocument } from './snapshot.ts';

describe('docs/openapi.json', () => {
  it('matches the router; after changing a procedure, run `pnpm openapi` and commit the result', async () => {
    const committed = await readOpenApiSnapshot();
    expect(renderOpenApiDocument() === committed, 'docs/openapi.json is stale: run `pnpm openapi`').toBe(
      true,
    );
  });
});
