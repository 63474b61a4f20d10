import { z } from 'zod';
import {
  SHA_VERSIONS,
  hashProblem,
  type HashField,
  type ImportedHash,
  type ShaVersion,
} from '../lib/password-hashes/imported-hash.ts';
import { MISSING, zCustomId, zEmail, zPassword, zText } from './params.ts';

type Issue = { input?: unknown };
const described = (description: string) => ({
  error: (issue: Issue) => (issue.input === undefined ? MISSING : description),
});

const INTEGER_TEXT = 'Value must be a valid integer';
/** Appwrite's strict Integer validator: a JSON integer within 32 bits. */
const zInteger = () =>
  z
    .number(described(INTEGER_TEXT))
    .int(described(INTEGER_TEXT))
    .min(-(2 ** 31), described(INTEGER_TEXT))
    .max(2 ** 31 - 1, described(INTEGER_TEXT));

const VERSION_TEXT = `Value must be one of (${SHA_VERSIONS.join(', ')})`;
/** `passwordVersion`: one of the SHA versions, any case (Appwrite's whitelist is case-insensitive). */
const zShaVersion = () =>
  z
    .string(described(VERSION_TEXT))
    .refine((value) => (SHA_VERSIONS as string[]).includes(value.toLowerCase()), described(VERSION_TEXT));

/** The parameter of each part of an imported hash in the REST body. */
const PARAM: Record<HashField, string> = {
  hash: 'password',
  version: 'passwordVersion',
  salt: 'passwordSalt',
  costCpu: 'passwordCpu',
  costMemory: 'passwordMemory',
  costParallel: 'passwordParallel',
  length: 'passwordLength',
  saltSeparator: 'passwordSaltSeparator',
  signerKey: 'passwordSignerKey',
};

const common = { userId: zCustomId(), email: zEmail(), password: zPassword(), name: zText(128).optional() };

/**
 * The body of one `POST /v1/users/<algorithm>`: Appwrite's parameters, then whether Roster can verify
 * passwords against the hash they describe (400 `general_argument_invalid` naming the parameter).
 */
function hashedUserInput<
  Shape extends z.ZodRawShape,
  Input extends z.infer<z.ZodObject<Shape & typeof common>>,
>(shape: Shape, toImported: (input: Input) => ImportedHash) {
  const schema = z.object({ ...common, ...shape }).superRefine((input, ctx) => {
    const problem = hashProblem(toImported(input as Input));
    if (problem) ctx.addIssue({ code: 'custom', path: [PARAM[problem.field]], message: problem.reason });
  });
  return { schema, toImported };
}

const plain =
  (algorithm: 'argon2' | 'bcrypt' | 'md5' | 'phpass') =>
  (input: { password: string }): ImportedHash => ({ algorithm, hash: input.password });

export const HASHED_USER_INPUTS = {
  argon2: hashedUserInput({}, plain('argon2')),
  bcrypt: hashedUserInput({}, plain('bcrypt')),
  md5: hashedUserInput({}, plain('md5')),
  phpass: hashedUserInput({}, plain('phpass')),
  sha: hashedUserInput({ passwordVersion: zShaVersion().optional() }, (input) => ({
    algorithm: 'sha',
    hash: input.password,
    version: (input.passwordVersion?.toLowerCase() || 'sha256') as ShaVersion,
  })),
  scrypt: hashedUserInput(
    {
      passwordSalt: zText(128),
      passwordCpu: zInteger(),
      passwordMemory: zInteger(),
      passwordParallel: zInteger(),
      passwordLength: zInteger(),
    },
    (input) => ({
      algorithm: 'scrypt',
      hash: input.password,
      salt: input.passwordSalt,
      costCpu: input.passwordCpu,
      costMemory: input.passwordMemory,
      costParallel: input.passwordParallel,
      length: input.passwordLength,
    }),
  ),
  scryptModified: hashedUserInput(
    { passwordSalt: zText(128), passwordSaltSeparator: zText(128), passwordSignerKey: zText(128) },
    (input) => ({
      algorithm: 'scryptMod',
      hash: input.password,
      salt: input.passwordSalt,
      saltSeparator: input.passwordSaltSeparator,
      signerKey: input.passwordSignerKey,
    }),
  ),
};
