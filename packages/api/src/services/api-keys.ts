import { type Repositories, type Scope, type StoredApiKey } from '@roster/db';
import { generateSecret, sha256 } from '../lib/secrets.ts';

/**
 * Creates a server API key. The key (`standard_` and 256 hex characters, like Appwrite's) is
 * returned once and never stored: only its SHA-256 is, which is what `X-Appwrite-Key` is checked
 * against.
 */
export async function createApiKey(
  repos: Repositories,
  input: { name: string; scopes: readonly Scope[]; expire?: Date | undefined },
): Promise<{ apiKey: StoredApiKey; key: string }> {
  const key = `standard_${generateSecret()}`;
  const apiKey = await repos.apiKeys.create({ ...input, secretHash: sha256(key) });
  return { apiKey, key };
}

/** Every stored key, oldest first (hashes included: callers show only what they need). */
export function listApiKeys(repos: Repositories): Promise<StoredApiKey[]> {
  return repos.apiKeys.all();
}

/** Deletes a key; false when no key has that id. */
export function deleteApiKey(repos: Repositories, id: string): Promise<boolean> {
  return repos.apiKeys.delete(id);
}
