interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the first write goes out at once; writes that arrive while it is in flight wait
 * and go out together as one command when it returns. No delay at low load, and under load one
 * round trip (one database transaction) for many emails: the embedded FerretDB commits each write
 * to SQLite separately, which makes single writes the mail worker's bottleneck (see the benchmark).
 */
export function groupCommit<T, R>(
  flush: (items: T[]) => Promise<R[]>,
  maxBatch: number,
): (item: T) => Promise<R> {
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
