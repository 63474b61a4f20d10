export {
  ensureFerretDbBinary,
  startFerretDb,
  waitForMongo,
  MissingGoError,
  FERRETDB_VERSION,
} from './ferretdb.ts';
export type { FerretDbHandle, StartFerretDbOptions } from './ferretdb.ts';
export { resolveRedis, startRedisServer, pingRedis, DEFAULT_REDIS_URL } from './redis.ts';
export type { RedisHandle } from './redis.ts';
export { startMailSink } from './mail-sink.ts';
export type { MailSink, MailSinkOptions, CapturedMail, SmtpFailure } from './mail-sink.ts';
export { startMailCatcher, isPortOpen } from './mail-catcher.ts';
export type { MailCatcherHandle } from './mail-catcher.ts';
export { getFreePort } from './ports.ts';
export { stopProcess } from './process.ts';
export type { Log } from './log.ts';
export { startWebhookReceiver } from './webhook-receiver.ts';
export type { ReceivedWebhook, WebhookReceiver } from './webhook-receiver.ts';
export { ensureSeaweedFsBinary, startSeaweedFs, SEAWEEDFS_VERSION } from './seaweedfs.ts';
export type { SeaweedFsHandle, StartSeaweedFsOptions } from './seaweedfs.ts';
