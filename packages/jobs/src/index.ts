export { createRedisConnection, pingRedisConnection, type Redis, type RedisRole } from './redis.ts';
export { createMailTransport, createSmtpCheck, type MailTransport } from './mail-transport.ts';
export { DEFAULT_QUEUE_PREFIX, QUEUE } from './queues.ts';
export { startWorkers, type WorkerRuntime, type JobLogger } from './worker.ts';
export { deriveInvitationSecret } from './invitation-secret.ts';
