import { unlessDuplicate } from '../errors.ts';
import { listing, type Listing } from '../listing.ts';
import { epochFilter, newEpoch } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type StoredUser } from '../stored.ts';
import { ofUser, type TeamTie, type UserTie } from '../ties.ts';
import { type Totals } from '../totals.ts';

export type Users = ReturnType<typeof createUsers>;

export interface NewUserDocument {
  id: string;
  /** The caller chose `id` (it may be a deleted user's): leftovers of that one are swept. */
  chosenId: boolean;
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  passwordHash?: string | undefined;
  /** With an imported `passwordHash`: its algorithm and (JSON) options. */
  hash?: string | undefined;
  hashOptions?: string | undefined;
}

/** What `update` may change; `search` follows the fields it is made of. */
export type UserChanges = Partial<
  Pick<
    StoredUser,
    | 'name'
    | 'email'
    | 'emailLower'
    | 'emailVerification'
    | 'phone'
    | 'phoneVerification'
    | 'status'
    | 'labels'
    | 'passwordHash'
    | 'passwordUpdate'
    | 'prefs'
    | 'mfa'
    | 'totpSecret'
    | 'totpVerified'
    | 'mfaRecoveryCodes'
  >
>;

/**
 * The stored `search` text of a user, which the `search` parameter of `users.list` matches: id,
 * email, phone and name, space-joined (Appwrite's order).
 */
export function userSearchText(user: {
  _id: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  name?: string | null | undefined;
}): string {
  return [user._id, user.email, user.phone, user.name].filter(Boolean).join(' ');
}

/** The fields that describe an imported hash, unset with every password Roster stores. */
const IMPORTED_HASH = { hash: 1, hashOptions: 1 } as const;

const SEARCHED: readonly (keyof UserChanges)[] = ['name', 'email', 'phone'];

/**
 * `update`'s write: the changes and the removals; a password Roster sets is its own argon2id, so an
 * imported hash's algorithm and options go with the old one.
 */
function updateOf(changes: UserChanges, remove: UserRemovals) {
  const unset: Record<string, 1> = Object.fromEntries(remove.map((field) => [field, 1] as const));
  if ('passwordHash' in changes) Object.assign(unset, IMPORTED_HASH);
  return Object.keys(unset).length > 0 ? { $set: changes, $unset: unset } : { $set: changes };
}

/** Fields `update` may remove: absent, never null (the unique index would see nulls collide). */
export type UserRemovals = readonly 'phone'[];

/** How often `accessedAt` is written at most (Appwrite's `APP_USER_ACCESS`, 24 hours). */
export const ACCESSED_AT_GRANULARITY_MS = 24 * 3600 * 1000;

/** The `users` collection: accounts, their unique email and phone, their epochs. */
export function createUsers(models: Models, totals: Totals) {
  const { User, Session, Membership, Token, Identity } = models;

  /** The teams (as the memberships name them) of the confirmed memberships matching `filter`. */
  async function confirmedTeams(filter: Record<string, unknown>): Promise<TeamTie[]> {
    const found = await Membership.find({ ...filter, confirm: true })
      .select({ teamId: 1, teamEpoch: 1 })
      .lean();
    return found.map((m) => ({ _id: m.teamId, epoch: m.teamEpoch }));
  }

  const byId = (id: string): Promise<StoredUser | null> => User.findById(id).lean();

  return {
    byId,

    /** The name, contact, MFA state and epoch of each of `ids` that exists (a page's members). */
    byIds(ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return User.find({ _id: { $in: ids } })
        .select('name email phone epoch mfa totpVerified emailVerification phoneVerification')
        .lean();
    },

    /** The user of an email address, whatever its case. */
    byEmail: (email: string): Promise<StoredUser | null> =>
      User.findOne({ emailLower: email.trim().toLowerCase() }).lean(),

    byPhone: (phone: string): Promise<StoredUser | null> => User.findOne({ phone }).lean(),

    exists: async (id: string): Promise<boolean> => (await User.exists({ _id: id })) !== null,

    /** Whether a user other than `userId` has the (lower-cased) address. */
    emailTakenByOther: async (emailLower: string, userId: string): Promise<boolean> =>
      (await User.exists({ emailLower, _id: { $ne: userId } })) !== null,

    /** Every user, for `users.list`. */
    all: (): Listing<StoredUser> => listing<StoredUser>(User, {}, 'users.list'),

    /**
     * Creates a user, or null when the id, the email or the phone is taken: the unique indexes
     * decide, so two concurrent sign-ups with one email end with one account. Absent email and
     * phone are omitted, never null (docs/database.md, rule 5). A new `epoch` keeps whatever a
     * deleted user with the same id left behind from attaching to this one; with a caller-chosen
     * id, what was written for that one after its deletion finished (a writer that died before its
     * own re-check) is swept, so none of it lingers.
     */
    async create(input: NewUserDocument): Promise<StoredUser | null> {
      const email = input.email?.trim();
      const epoch = newEpoch();
      const created = await unlessDuplicate(
        User.create({
          _id: input.id,
          epoch,
          name: input.name,
          search: userSearchText({ _id: input.id, email, phone: input.phone, name: input.name }),
          ...(email ? { email, emailLower: email.toLowerCase() } : {}),
          ...(input.phone ? { phone: input.phone } : {}),
          ...(input.passwordHash ? { passwordHash: input.passwordHash, passwordUpdate: new Date() } : {}),
          ...(input.passwordHash && input.hash
            ? { hash: input.hash, hashOptions: input.hashOptions ?? '{}' }
            : {}),
        }),
      );
      if (!created) return null;
      if (input.chosenId) {
        const leftover = { userId: input.id, userEpoch: { $ne: epoch } };
        // Confirmed leftovers count in their teams' totals until swept: recount those teams.
        const teams = await confirmedTeams(leftover);
        await Promise.all([
          Session.deleteMany(leftover),
          Membership.deleteMany(leftover),
          Identity.deleteMany(leftover),
        ]);
        for (const team of teams) await totals.recountAfter(team);
      }
      return created.toObject();
    },

    /**
     * Changes fields of a user and returns it as updated, or null when there is none. When they
     * include what `search` is made of, `search` is then written from the document as the update
     * left it: a concurrent change of another of those fields may land between the two writes,
     * and the next change of that user rewrites `search` from fresh values. An email that
     * collides is refused by the unique index, with code 11000 on MongoDB and code 1 on FerretDB
     * (docs/database.md): the caller looks again to tell why.
     */
    async update(id: string, changes: UserChanges, remove: UserRemovals = []): Promise<StoredUser | null> {
      const updated = await User.findOneAndUpdate({ _id: id }, updateOf(changes, remove), {
        returnDocument: 'after',
      }).lean();
      const touched = [...Object.keys(changes), ...remove];
      if (!updated || !SEARCHED.some((field) => touched.includes(field))) return updated;
      const search = userSearchText(updated);
      if (updated.search === search) return updated;
      await User.updateOne({ _id: id }, { $set: { search } });
      return { ...updated, search };
    },

    /**
     * Stores a new password hash (`passwordUpdate` records when). With `expectedHash`, only over
     * the hash the caller verified (`null`: none set), so a password cleared or changed meanwhile
     * is not overwritten (on MongoDB; FerretDB does not make conditional updates atomic). Null when
     * no user (or no user with that hash) was updated.
     */
    setPassword(
      id: string,
      passwordHash: string,
      options: { expectedHash?: string | null } = {},
    ): Promise<StoredUser | null> {
      const filter =
        options.expectedHash === undefined
          ? { _id: id }
          : { _id: id, passwordHash: options.expectedHash ?? { $exists: false } };
      return User.findOneAndUpdate(
        filter,
        { $set: { passwordHash, passwordUpdate: new Date() }, $unset: IMPORTED_HASH },
        { returnDocument: 'after' },
      ).lean();
    },

    /**
     * Replaces an imported hash, which a sign-in just verified, by Roster's own of the same password:
     * only over that hash, and `passwordUpdate` stays (the password did not change). False when the
     * stored hash is another by now (a concurrent sign-in rehashed it, or the password changed).
     */
    async rehashPassword(id: string, verifiedHash: string, passwordHash: string): Promise<boolean> {
      const result = await User.updateOne(
        { _id: id, passwordHash: verifiedHash },
        { $set: { passwordHash }, $unset: IMPORTED_HASH },
      );
      return result.modifiedCount > 0;
    },

    /** Removes the user's TOTP authenticator; null when there is no such user. */
    clearTotp: (id: string): Promise<StoredUser | null> =>
      User.findOneAndUpdate(
        { _id: id },
        { $unset: { totpSecret: 1 }, $set: { totpVerified: false } },
        { returnDocument: 'after' },
      ).lean(),

    /**
     * Removes the user's password and every MFA credential (MFA off, no authenticator, no recovery
     * codes) in one write; `verifyEmail` also marks the address verified, in the same write, when
     * what called this was the proof of it (an accepted invitation, a mailed secret).
     */
    async clearCredentials(id: string, options: { verifyEmail?: boolean } = {}): Promise<void> {
      await User.updateOne(
        { _id: id },
        {
          $unset: {
            passwordHash: 1,
            passwordUpdate: 1,
            ...IMPORTED_HASH,
            totpSecret: 1,
            mfaRecoveryCodes: 1,
          },
          $set: {
            mfa: false,
            totpVerified: false,
            ...(options.verifyEmail ? { emailVerification: true } : {}),
          },
        },
      );
    },

    /**
     * Records that the user made an authenticated request at `now`, at most once per
     * `ACCESSED_AT_GRANULARITY_MS` (Appwrite's): the filter skips a user accessed since (the first
     * requests of a day may each write on FerretDB, which does not make the filter and the write
     * atomic: harmless). `$updatedAt` is left alone, as it tells of profile changes.
     * Returns the new `accessedAt`, or null when nothing was written.
     */
    async touchAccessedAt(id: string, now = new Date()): Promise<Date | null> {
      const since = new Date(now.getTime() - ACCESSED_AT_GRANULARITY_MS);
      const result = await User.updateOne(
        { _id: id, $or: [{ accessedAt: { $exists: false } }, { accessedAt: { $lte: since } }] },
        { $set: { accessedAt: now } },
        { timestamps: false },
      );
      return result.modifiedCount > 0 ? now : null;
    },

    async markEmailVerified(id: string): Promise<void> {
      await User.updateOne({ _id: id }, { $set: { emailVerification: true } });
    },

    /**
     * Deletes a user with their sessions, sign-in tokens, memberships and identities; teams stay, even ownerless (their stored
     * `total` is recounted once the memberships are gone: totals.ts).
     *
     * Without transactions the order is what keeps this safe: sessions and memberships first (the
     * user is signed out at once), the user last, so a retry after a crash still finds the user
     * and finishes the job. A session or membership written by a concurrent call in between is
     * removed by the second sweep; one written after it removes itself when its writer re-checks
     * the user (sessions.ts, memberships.ts), and carries this user's epoch, so it never attaches to
     * a new user with the same id. Every write names the epoch, so a slow deletion cannot touch
     * such a user.
     */
    async delete(user: UserTie): Promise<void> {
      const sweep = () =>
        Promise.all([
          Session.deleteMany(ofUser(user)),
          Membership.deleteMany(ofUser(user)),
          Token.deleteMany(ofUser(user)),
          Identity.deleteMany(ofUser(user)),
        ]);
      // The teams whose stored total loses this user, recounted once the memberships are gone:
      // those found before each sweep. A membership written after the second look finds the user
      // gone when its writer re-checks, and that writer deletes it and recounts (memberships.ts).
      const teams = new Map<string, TeamTie>();
      const lookForTeams = async () => {
        for (const team of await confirmedTeams(ofUser(user))) teams.set(`${team._id}/${team.epoch}`, team);
      };
      await lookForTeams();
      await sweep();
      await User.deleteOne({ _id: user._id, ...epochFilter('epoch', user.epoch) });
      await lookForTeams();
      await sweep();
      for (const team of teams.values()) await totals.recountAfter(team);
    },
  };
}
