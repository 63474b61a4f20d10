import { describe, expect, it } from 'vitest';
import { createOpenApiDocument } from './document.ts';

interface Operation {
  operationId: string;
  summary?: string;
  'x-roster-extension'?: boolean;
}

function operations(): Operation[] {
  const paths = createOpenApiDocument().paths ?? {};
  return Object.values(paths).flatMap((methods) => Object.values(methods as Record<string, Operation>));
}

describe('Roster extensions in the OpenAPI document', () => {
  it('marks exactly the operations whose summary says (Roster) with x-roster-extension', () => {
    for (const operation of operations()) {
      expect(operation['x-roster-extension'] === true, operation.operationId).toBe(
        operation.summary?.endsWith('(Roster)') === true,
      );
    }
  });

  it('marks the routes Appwrite does not have, and not the ones it has', () => {
    const marked = new Set(
      operations()
        .filter((operation) => operation['x-roster-extension'])
        .map((o) => o.operationId),
    );
    for (const id of [
      'teamsGetMembershipDelivery',
      'accountGetJWKS',
      'webhooksReplay',
      'accountListOAuth2Providers',
    ]) {
      expect(marked.has(id), id).toBe(true);
    }
    for (const id of ['teamsCreate', 'teamsCreateMembership', 'accountCreateJWT', 'usersList']) {
      expect(marked.has(id), id).toBe(false);
    }
  });
});
