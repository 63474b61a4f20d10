import { randomBytes } from 'node:crypto';

/**
 * Deleted ids stay dead (docs/database.md, "Epochs").
 *
 * Team and user ids are chosen by callers, so a deleted team or user may come back under the same
 * id. Without transactions, a membership or session written for the old one can land after the
 * deletion swept (a racing invitation, a sign-in still inside argon2, a crash between two
 * deletes), and nothing in the id tells it from one of the new owner's. So each team and user gets
 * a random `epoch` when it is created, never changed afterwards; a membership stores the
 * `teamEpoch` and `userEpoch` it was written for, a session its `userEpoch`. A membership belongs
 * to its team (and a session to its user) only while the epochs are equal: what was written for
 * a deleted one never matches a later one, whatever the clocks of the API processes say.
 *
 * Documents written before epochs existed have none: an absent epoch is the "legacy" epoch, equal
 * only to another absent one. So old teams keep their old memberships, and a team or user created
 * since (which has an epoch) never adopts a legacy leftover. A document written for a legacy team
 * or user omits the field as well (never `null`: see the rules for optional fields).
 */
export type Epoch = string | null | undefined;

/** A new team's or user's epoch: 96 random bits, never reused. */
export function newEpoch(): string {
  return randomBytes(12).toString('base64url');
}

/** Whether two epochs are the same (absent equals absent only). */
export function sameEpoch(a: Epoch, b: Epoch): boolean {
  return (a || undefined) === (b || undefined);
}

/** `{ [field]: epoch }` to store, or nothing for a legacy (absent) epoch. */
export function epochField<F extends string>(field: F, epoch: Epoch): Partial<Record<F, string>> {
  return epoch ? ({ [field]: epoch } as Record<F, string>) : {};
}

/** The filter matching documents whose `field` equals `epoch` (absent for a legacy one). */
export function epochFilter(field: string, epoch: Epoch): Record<string, unknown> {
  return { [field]: epoch ? epoch : { $exists: false } };
}

/**
 * The filter matching documents that reference one of `owners` by `idField` and carry its epoch in
 * `epochField`. Epochs are random and unique, so "the epoch is one of the owners' epochs" pins the
 * owner; legacy owners are matched by id with the epoch absent. One query for any number of owners.
 */
export function ownedByAny(
  owners: readonly { _id: string; epoch?: Epoch }[],
  idField: string,
  field: string,
): Record<string, unknown> {
  const epochs = owners.flatMap((owner) => (owner.epoch ? [owner.epoch] : []));
  const legacy = owners.filter((owner) => !owner.epoch).map((owner) => owner._id);
  const branches: Record<string, unknown>[] = [];
  if (epochs.length > 0) branches.push({ [field]: { $in: epochs } });
  if (legacy.length > 0) branches.push({ [idField]: { $in: legacy }, [field]: { $exists: false } });
  const ids = owners.map((owner) => owner._id);
  if (branches.length === 0) return { [idField]: { $in: [] } };
  return { [idField]: { $in: ids }, ...(branches.length === 1 ? branches[0] : { $or: branches }) };
}
