/**
 * Queue names and the key prefix. The prefix is a Redis Cluster hash tag (`{roster}`) so that all
 * of a queue's keys land on one slot; tests pass their own prefix to stay isolated.
 */
export const DEFAULT_QUEUE_PREFIX = '{roster}';

export const QUEUE = {
  mail: 'mail',
} as const;
