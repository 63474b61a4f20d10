import { type Repositories } from '@roster/db';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import {
  hashProblem,
  SHA_VERSIONS,
  type ImportedHash,
  type ShaVersion,
} from '../lib/password-hashes/imported-hash.ts';
import { MISSING, zCustomId, zEmail, zPassword, zText } from '../validation/params.ts';
import { createUser, type NewUser } from './users.ts';

const zHashText = zPassword();
const zCount = z.number().int();

/**
 * One `hash` of a bulk import: `algorithm` and the hash with Appwrite's `hashOptions` keys, so a
 * User exported from Appwrite (`password`, `hash`, `hashOptions`) imports as
 * `{ algorithm: hash, hash: password, ...hashOptions }`. Other keys (`type`, `cost`, …) are ignored.
 */
const ZImportHash = z.discriminatedUnion('algorithm', [
  z.object({ algorithm: z.enum(['argon2', 'bcrypt', 'md5', 'phpass']), hash: zHashText }),
  z.object({
    algorithm: z.literal('sha'),
    hash: zHashText,
    version: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(SHA_VERSIONS as [ShaVersion, ...ShaVersion[]]))
      .optional(),
  }),
  z.object({
    algorithm: z.literal('scrypt'),
    hash: zHashText,
    salt: zText(128),
    costCpu: zCount,
    costMemory: zCount,
    costParallel: zCount,
    length: zCount,
  }),
  z.object({
    algorithm: z.enum(['scryptMod', 'scrypt-modified']),
    hash: zHashText,
    salt: zText(128),
    saltSeparator: zText(128),
    signerKey: zText(128),
  }),
]);

const ZImportLine = z.object({
  userId: zCustomId().optional(),
  email: zEmail(),
  name: zText(128).optional(),
  hash: ZImportHash,
});

function toImportedHash(hash: z.infer<typeof ZImportHash>): ImportedHash {
  switch (hash.algorithm) {
    case 'sha':
      return { algorithm: 'sha', hash: hash.hash, version: hash.version ?? 'sha256' };
    case 'scryptMod':
    case 'scrypt-modified':
      return { ...hash, algorithm: 'scryptMod' };
    default:
      return hash;
  }
}

/** A user of a bulk import, or why its line cannot be imported. */
export type ParsedImportLine = { ok: true; user: NewUser } | { ok: false; reason: string };

/**
 * Reads one JSON line of a bulk import (`{userId?, email, name?, hash: {algorithm, hash, …options}}`)
 * with the checks of `POST /v1/users/<algorithm>`.
 */
export function parseImportLine(text: string): ParsedImportLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'Line is not valid JSON.' };
  }
  const parsed = ZImportLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || 'line';
    if (issue.message === MISSING || /received undefined$/.test(issue.message))
      return { ok: false, reason: `Param "${where}" is not optional.` };
    return { ok: false, reason: `Invalid \`${where}\` param: ${issue.message}` };
  }
  const importedHash = toImportedHash(parsed.data.hash);
  const problem = hashProblem(importedHash);
  if (problem) return { ok: false, reason: `Invalid \`hash.${problem.field}\` param: ${problem.reason}` };
  const { userId, email, name } = parsed.data;
  return { ok: true, user: { userId: userId ?? 'unique()', email, name, importedHash } };
}

/** Creates an imported user: `created` with its id, or `exists` when its id or email is taken. */
export async function importUser(
  repos: Repositories,
  user: NewUser,
): Promise<{ status: 'created'; userId: string } | { status: 'exists' }> {
  try {
    return { status: 'created', userId: (await createUser(repos, user))._id };
  } catch (error) {
    if (error instanceof AppError && error.type === 'user_already_exists') return { status: 'exists' };
    throw error;
  }
}
