export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Rejects with a TimeoutError (`<what>: no answer within <ms> ms`) once `ms` have passed; the
 * operation itself keeps running. The one timeout of the packages and the server.
 */
export async function withTimeout<T>(operation: Promise<T>, ms: number, what?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const message = `no answer within ${ms} ms`;
    timer = setTimeout(() => reject(new TimeoutError(what ? `${what}: ${message}` : message)), ms);
  });
  try {
    return await Promise.race([operation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
