import { type Models } from '@roster/db';

/** The writes of the mail worker, behind one interface so that they can be grouped. */
export interface DeliveryWrites {
  /** Inserts a claim; false when one with this id exists (11000): someone else holds it. */
  insertClaim(id: string, holder: string): Promise<boolean>;
  /**
   * Sets `delivery.<field>`s of a membership, without touching `updatedAt`, only while its
   * delivery still describes `secretVersion` (a re-invite rotates it and owns the fields then).
   */
  setDelivery(membershipId: string, secretVersion: string, fields: Record<string, unknown>): Promise<void>;
}

/** One write per call: for tests and single sends. */
export function directWrites(models: Models): DeliveryWrites {
  return {
    async insertClaim(id, holder) {
      const [inserted] = await insertClaims(models, [{ id, holder }]);
      return inserted ?? false;
    },
    async setDelivery(membershipId, secretVersion, fields) {
      await models.Membership.updateOne(
        ofVersion(membershipId, secretVersion),
        { $set: deliveryFields(fields) },
        { timestamps: false },
      );
    },
  };
}

/** The membership, while its delivery is still this secret version's (`_id` makes it a point write). */
function ofVersion(membershipId: string, secretVersion: string) {
  return { _id: membershipId, 'delivery.secretVersion': secretVersion };
}

function deliveryFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [`delivery.${name}`, value]));
}

/** `insertMany` without order: one result per claim, false for the duplicates. */
async function insertClaims(models: Models, claims: { id: string; holder: string }[]): Promise<boolean[]> {
  const createdAt = new Date();
  const documents = claims.map(({ id, holder }) => ({ _id: id, holder, createdAt }));
  try {
    await models.Claim.insertMany(documents, { ordered: false, lean: true });
    return claims.map(() => true);
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { index: number; code: number }[] }).writeErrors;
    if (!Array.isArray(writeErrors) || writeErrors.some((entry) => entry.code !== 11000)) throw error;
    const duplicates = new Set(writeErrors.map((entry) => entry.index));
    return claims.map((_, index) => !duplicates.has(index));
  }
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the first write goes out at once; writes that arrive while it is in flight wait
 * and go out together as one command when it returns. No delay at low load, and under load one
 * round trip (one database transaction) for many emails: the embedded FerretDB commits each write
 * to SQLite separately, which makes single writes the worker's bottleneck (see the benchmark).
 */
function groupCommit<T, R>(flush: (items: T[]) => Promise<R[]>, maxBatch: number): (item: T) => Promise<R> {
  let waiting: Pending<T, R>[] = [];
  let inFlight = false;
  const run = () => {
    if (inFlight || waiting.length === 0) return;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    inFlight = true;
    flush(batch.map((entry) => entry.item))
      .then(
        (results) => batch.forEach((entry, index) => entry.resolve(results[index] as R)),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        inFlight = false;
        run();
      });
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      run();
    });
}

/** The worker's writes, grouped (see `groupCommit`); each caller still gets its own result. */
export function groupedWrites(models: Models, maxBatch = 200): DeliveryWrites {
  const claim = groupCommit(
    (claims: { id: string; holder: string }[]) => insertClaims(models, claims),
    maxBatch,
  );
  const delivery = groupCommit(
    async (updates: { membershipId: string; secretVersion: string; fields: Record<string, unknown> }[]) => {
      await models.Membership.bulkWrite(
        updates.map(({ membershipId, secretVersion, fields }) => ({
          updateOne: {
            filter: ofVersion(membershipId, secretVersion),
            update: { $set: deliveryFields(fields) },
            timestamps: false,
          },
        })),
        // In order: two updates of one membership must land as they were made.
        { ordered: true },
      );
      return updates.map(() => undefined);
    },
    maxBatch,
  );
  return {
    insertClaim: (id, holder) => claim({ id, holder }),
    setDelivery: (membershipId, secretVersion, fields) => delivery({ membershipId, secretVersion, fields }),
  };
}
