import { type z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { type ImportedHash } from '../../lib/password-hashes/imported-hash.ts';
import { rest } from '../../openapi/meta.ts';
import { createUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { HASHED_USER_INPUTS } from '../../validation/password-hashes.ts';

type Inputs = typeof HASHED_USER_INPUTS;

/**
 * `POST /v1/users/<algorithm>`: a user whose password hash was made elsewhere, stored as given with
 * its algorithm and options, verified by them at sign-in and then rehashed (docs/api.md#password-hash-imports).
 */
function hashedUser<Key extends keyof Inputs>(key: Key, path: `/${string}`, summary: string) {
  const { schema, toImported } = HASHED_USER_INPUTS[key];
  type Input = z.infer<typeof schema>;
  return scopedProcedure('users.write')
    .meta(rest('POST', path, summary))
    .input(schema)
    .output(ZUser)
    .mutation(async ({ ctx, input }) => {
      const body = input as Input;
      const importedHash = (toImported as (value: Input) => ImportedHash)(body);
      const user = await createUser(
        ctx.deps.repos,
        { userId: body.userId, email: body.email, name: body.name, importedHash },
        ctx.actor,
      );
      return toUsersApiUserDto(user);
    });
}

export const createArgon2User = hashedUser('argon2', '/users/argon2', 'Create user with Argon2 password');
export const createBcryptUser = hashedUser('bcrypt', '/users/bcrypt', 'Create user with bcrypt password');
export const createMD5User = hashedUser('md5', '/users/md5', 'Create user with MD5 password');
export const createPHPassUser = hashedUser('phpass', '/users/phpass', 'Create user with PHPass password');
export const createSHAUser = hashedUser('sha', '/users/sha', 'Create user with SHA password');
export const createScryptUser = hashedUser('scrypt', '/users/scrypt', 'Create user with Scrypt password');
export const createScryptModifiedUser = hashedUser(
  'scryptModified',
  '/users/scrypt-modified',
  'Create user with Scrypt modified password',
);
