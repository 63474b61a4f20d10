import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { createSchema } from 'zod-openapi';
import { APPWRITE_VERSION, ErrorBody } from '../errors.ts';
import { appRouter } from '../root.ts';
import { successStatusOf } from './status.ts';

const DESCRIPTION = `Roster's Appwrite-compatible REST API: the Teams service and the Users and Account
endpoints that teams need. Every call may send \`X-Appwrite-Project\`; it must equal the server's project id.
Authenticate with an API key (\`X-Appwrite-Key\`, server mode), a session (\`X-Appwrite-Session\` or the
\`a_session_<project>\` cookie) or a JWT of a session (\`X-Appwrite-JWT\`, from \`POST /account/jwts\`; its public key
at \`GET /account/jwts/jwks\`). Errors are \`{ message, code, type, version }\`. Operations that Appwrite does not
have are Roster extensions: their summary ends in "(Roster)" and they carry \`x-roster-extension: true\`.`;

/**
 * The OpenAPI 3.1 document of the REST API, generated from the router's `rest()` metadata and then
 * brought in line with what the server sends: Appwrite operation ids (`teamsCreate`), 201 for
 * POST, an empty 204 for DELETE, Appwrite's error body for every error status, and
 * `x-roster-extension: true` on the operations Appwrite does not have (summary ending in `(Roster)`), so a
 * generator or a reviewer can tell them apart by machine.
 */
export function createOpenApiDocument(): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: 'Roster REST API',
    description: DESCRIPTION,
    version: APPWRITE_VERSION,
    baseUrl: '/v1',
    tags: ['teams', 'users', 'account'],
    securitySchemes: {
      Key: { type: 'apiKey', in: 'header', name: 'X-Appwrite-Key', description: 'API key (server mode).' },
      Session: { type: 'apiKey', in: 'header', name: 'X-Appwrite-Session', description: 'Session secret.' },
      JWT: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Appwrite-JWT',
        description: 'JWT of a session (POST /account/jwts), valid 15 minutes by default.',
      },
    },
  });
  const errorSchema = createSchema(ErrorBody).schema;
  const schemas = Object.fromEntries(
    Object.entries(document.components?.schemas ?? {}).filter(([name]) => !name.startsWith('error.')),
  );
  document.components = { ...document.components, schemas: { ...schemas, Error: errorSchema } };

  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations as Record<string, OperationLike>)) {
      operation.operationId = operation.operationId?.replace(/-(\w)/g, (_, first: string) =>
        first.toUpperCase(),
      );
      if (operation.summary?.endsWith('(Roster)')) operation['x-roster-extension'] = true;
      const { '200': success, ...errors } = operation.responses;
      const status = successStatusOf(method.toUpperCase(), path.replace(/^\/v1/, ''));
      operation.responses = {
        [status]: status === 204 ? { description: 'No content' } : success,
        ...Object.fromEntries(
          Object.entries(errors).map(([code, response]) => [
            code,
            {
              description: response.description,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          ]),
        ),
      };
    }
  }
  return document;
}

interface ResponseLike {
  description: string;
  content?: unknown;
}

interface OperationLike {
  operationId?: string;
  summary?: string;
  'x-roster-extension'?: true;
  responses: Record<string, ResponseLike>;
}
