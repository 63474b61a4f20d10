import { generateId } from '../ids.ts';
import { type Scope } from '../models/api-key.model.ts';
import { type Models } from '../models/index.ts';
import { type StoredApiKey } from '../stored.ts';

export type ApiKeys = ReturnType<typeof createApiKeys>;

/** The `apiKeys` collection: server keys, stored as the SHA-256 of the key. */
export function createApiKeys(models: Models) {
  const { ApiKey } = models;
  return {
    byId: (id: string): Promise<StoredApiKey | null> => ApiKey.findById(id).lean(),

    /** The key whose SHA-256 is `secretHash` (what `X-Appwrite-Key` is checked against). */
    bySecretHash: (secretHash: string): Promise<StoredApiKey | null> => ApiKey.findOne({ secretHash }).lean(),

    async create(input: {
      name: string;
      scopes: readonly Scope[];
      secretHash: string;
      expire?: Date | undefined;
    }): Promise<StoredApiKey> {
      const created = await ApiKey.create({
        _id: generateId(),
        name: input.name,
        scopes: [...input.scopes],
        secretHash: input.secretHash,
        ...(input.expire ? { expire: input.expire } : {}),
      });
      return created.toObject();
    },

    /** Every key, oldest first. */
    all: (): Promise<StoredApiKey[]> => ApiKey.find().sort({ createdAt: 1, _id: 1 }).lean(),

    /** Deletes a key; false when no key has that id. */
    async delete(id: string): Promise<boolean> {
      return (await ApiKey.deleteOne({ _id: id })).deletedCount > 0;
    },
  };
}
