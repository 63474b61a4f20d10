import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

/** A task that runs until the test releases it, counting how many run at once. */
function gatedTasks() {
  const state = { active: 0, peak: 0, started: [] as number[] };
  const releases = new Map<number, () => void>();
  const task = (id: number) => async () => {
    state.active++;
    state.peak = Math.max(state.peak, state.active);
    state.started.push(id);
    await new Promise<void>((resolve) => releases.set(id, resolve));
    state.active--;
    return id;
  };
  const release = async (id: number) => {
    releases.get(id)!();
    // Let the released task finish and the next one start.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { state, task, release };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('Semaphore', () => {
  it('runs at most `concurrency` tasks at once, the others in arrival order', async () => {
    const semaphore = new Semaphore(2, 10, () => new Error('full'));
    const { state, task, release } = gatedTasks();
    const results = [1, 2, 3, 4, 5].map((id) => semaphore.run(task(id)));
    await flush();
    expect(state.started).toEqual([1, 2]);
    expect(semaphore.waiting).toBe(3);
    await release(2);
    expect(state.started).toEqual([1, 2, 3]);
    await release(1);
    await release(3);
    expect(state.started).toEqual([1, 2, 3, 4, 5]);
    await release(4);
    await release(5);
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5]);
    expect(state.peak).toBe(2);
    expect(semaphore.active).toBe(0);
  });

  it('refuses at once beyond `maxWaiting`, and serves the queue after', async () => {
    const semaphore = new Semaphore(1, 2, () => new Error('too busy'));
    const { state, task, release } = gatedTasks();
    const accepted = [1, 2, 3].map((id) => semaphore.run(task(id)));
    await expect(semaphore.run(task(4))).rejects.toThrow('too busy');
    await flush();
    expect(state.started).toEqual([1]);
    await release(1);
    // A place in the queue is free again.
    const late = semaphore.run(task(5));
    await release(2);
    await release(3);
    await release(5);
    expect(await Promise.all([...accepted, late])).toEqual([1, 2, 3, 5]);
    expect(state.peak).toBe(1);
  });

  it('frees the slot when a task throws', async () => {
    const semaphore = new Semaphore(1, 0, () => new Error('full'));
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(() => Promise.resolve('next'))).resolves.toBe('next');
    expect(semaphore.active).toBe(0);
  });
});
