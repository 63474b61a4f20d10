import { z } from 'zod';
import { jwtKeys, jwtSecretOf } from '../../auth/jwt-keys.ts';
import { rest } from '../../openapi/meta.ts';
import { infraProcedure } from '../../trpc.ts';

const ZJwks = z
  .object({
    keys: z.array(
      z.object({
        kty: z.string(),
        crv: z.string(),
        x: z.string(),
        y: z.string(),
        kid: z.string(),
        alg: z.string(),
        use: z.string(),
      }),
    ),
  })
  .meta({ id: 'JWKS' });

/**
 * GET /v1/account/jwts/jwks (Roster's, docs/api.md#jwts): the public key JWTs are signed with, as
 * a JSON Web Key Set, so another backend can verify them without asking Roster. Public: it holds
 * no secret, and needs no caller.
 */
export const getJWKS = infraProcedure
  .meta(rest('GET', '/account/jwts/jwks', 'Get the JWT public keys (Roster)', { public: true }))
  .input(z.object({}).optional())
  .output(ZJwks)
  .query(async ({ ctx }) => {
    const { publicJwk } = await jwtKeys(jwtSecretOf(ctx.deps.config));
    return { keys: [ZJwks.shape.keys.element.parse(publicJwk)] };
  });
