import { availableParallelism } from 'node:os';

/**
 * At most `limit` holders at once; the others wait in arrival order. Previews run off the event
 * loop in libuv's pool (4 threads by default), so without a bound a burst of previews would also
 * starve file reads and crypto that share that pool.
 */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    this.#free = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/** One preview per core at once. */
export const previewSlots = new Semaphore(Math.max(1, availableParallelism()));
