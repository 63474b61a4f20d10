import { type Models, type Scope } from '@roster/db';
import { generateId } from '../lib/ids.ts';
import { generateSecret, sha256 } from '../lib/secrets.ts';

/**
 * Creates a server API key. The key (`standard_` and 256 hex characters, like Appwrite's) is
 * returned once and never stored: only its SHA-256 is, which is what `X-Appwrite-Key` is checked
 * against.
 */
export async function createApiKey(
  models: Models,
  input: { name: string; scopes: readonly Scope[]; expire?: Date | undefined },
) {
  const key = `standard_${generateSecret()}`;
  const created = await models.ApiKey.create({
    _id: generateId(),
    name: input.name,
    scopes: [...input.scopes],
    secretHash: sha256(key),
    ...(input.expire ? { expire: input.expire } : {}),
  });
  return { apiKey: created.toObject(), key };
}

/** Every stored key, oldest first (hashes included: callers show only what they need). */
export function listApiKeys(models: Models) {
  return models.ApiKey.find().sort({ createdAt: 1, _id: 1 }).lean();
}

/** Deletes a key; false when no key has that id. */
export async function deleteApiKey(models: Models, id: string): Promise<boolean> {
  const { deletedCount } = await models.ApiKey.deleteOne({ _id: id });
  return deletedCount > 0;
}
