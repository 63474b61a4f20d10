import { unlessDuplicate } from '../errors.ts';
import { generateId } from '../ids.ts';
import { listing, type Listing } from '../listing.ts';
import { epochField } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type StoredIdentity, type StoredUser } from '../stored.ts';
import { ofUser, type UserTie } from '../ties.ts';

export type Identities = ReturnType<typeof createIdentities>;

/** A link to a provider account, as sign-in with that provider will record it. */
export interface NewIdentity {
  user: Pick<StoredUser, '_id' | 'epoch'>;
  provider: string;
  providerUid: string;
  providerEmail?: string;
  providerAccessToken?: string;
  providerAccessTokenExpiry?: Date;
  providerRefreshToken?: string;
}

/**
 * The `identities` collection: users' links to external sign-in providers, tied to their user's
 * epoch like sessions, so a deleted user's identities never attach to a new user with the same id.
 */
export function createIdentities(models: Models) {
  const { Identity } = models;
  return {
    /** Links a provider account to a user; null when that provider account is linked already. */
    async create(input: NewIdentity): Promise<StoredIdentity | null> {
      const { user, ...fields } = input;
      const id = generateId();
      const search = [id, user._id, fields.provider, fields.providerUid, fields.providerEmail]
        .filter(Boolean)
        .join(' ');
      const created = await unlessDuplicate(
        Identity.create({
          _id: id,
          userId: user._id,
          ...epochField('userEpoch', user.epoch),
          ...fields,
          search,
        }),
      );
      return created ? created.toObject() : null;
    },

    /** The identity of a provider account, whoever's it is. */
    byProvider: (provider: string, providerUid: string): Promise<StoredIdentity | null> =>
      Identity.findOne({ provider, providerUid }).lean(),

    byId: (id: string): Promise<StoredIdentity | null> => Identity.findById(id).lean(),

    /** Every user's identities, for `users.listIdentities`. */
    all: (): Listing<StoredIdentity> => listing<StoredIdentity>(Identity, {}, 'users.listIdentities'),

    /** Deletes an identity, whoever's it is; false when there is none of that id. */
    async deleteById(id: string): Promise<boolean> {
      return (await Identity.deleteOne({ _id: id })).deletedCount > 0;
    },

    /** The identities of `user`, for lists with queries. */
    of: (user: UserTie): Listing<StoredIdentity> => listing<StoredIdentity>(Identity, ofUser(user)),

    /** One of `user`'s identities; null when it is another user's or does not exist. */
    ofUserById: (user: UserTie, id: string): Promise<StoredIdentity | null> =>
      Identity.findOne({ _id: id, ...ofUser(user) }).lean(),

    /** Whether a user other than `userId` has an identity whose provider email is `emailLower`. */
    async emailOfOther(emailLower: string, userId: string): Promise<boolean> {
      return (await Identity.exists({ providerEmail: emailLower, userId: { $ne: userId } })) !== null;
    },

    /** Deletes one of `user`'s identities; false when `user` has none of that id. */
    async deleteOf(user: UserTie, id: string): Promise<boolean> {
      return (await Identity.deleteOne({ _id: id, ...ofUser(user) })).deletedCount > 0;
    },

    /** Deletes every identity of a user (the user's deletion). */
    async deleteAllOf(user: UserTie): Promise<void> {
      await Identity.deleteMany(ofUser(user));
    },
  };
}
