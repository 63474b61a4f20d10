import DeviceDetector from 'node-device-detector';

/** The client fields of Appwrite's `Log` model, parsed from a User-Agent. */
export interface UserAgentFields {
  osCode: string;
  osName: string;
  osVersion: string;
  clientType: string;
  clientCode: string;
  clientName: string;
  clientVersion: string;
  clientEngine: string;
  clientEngineVersion: string;
  deviceName: string;
  deviceBrand: string;
  deviceModel: string;
}

export type UserAgentParser = (userAgent: string) => UserAgentFields;

/**
 * Longer User-Agents are cut before parsing: no client sends one this long, and the detector's
 * regular expressions then cost a bounded time whatever a caller sends.
 */
const MAX_USER_AGENT = 512;

/**
 * Parsing costs about 3 ms per User-Agent and most events come from a few clients, so the latest
 * results are kept (least recently used first out).
 */
const CACHE_SIZE = 1000;
const cache = new Map<string, UserAgentFields>();

let detector: DeviceDetector | undefined;

/**
 * The parser Appwrite uses is Matomo's DeviceDetector; node-device-detector is its maintained
 * port (same rules, same short codes such as `WIN` and `CH`), MIT-licensed. Bots are not told
 * apart (Appwrite's team and user logs skip bot detection too). An empty User-Agent is parsed
 * as `UNKNOWN`, as Appwrite does, which leaves every field empty.
 */
export const parseUserAgent: UserAgentParser = (userAgent) => {
  const key = userAgent.slice(0, MAX_USER_AGENT);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return { ...cached };
  }
  const fields = detect(key);
  cache.set(key, fields);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return { ...fields };
};

function detect(userAgent: string): UserAgentFields {
  detector ??= new DeviceDetector({
    clientIndexes: true,
    deviceIndexes: true,
    deviceAliasCode: false,
    maxUserAgentSize: MAX_USER_AGENT,
  });
  const { os, client, device } = detector.detect(userAgent || 'UNKNOWN');
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    osCode: text(os.short_name),
    osName: text(os.name),
    osVersion: text(os.version),
    clientType: text(client.type),
    clientCode: text(client.short_name),
    clientName: text(client.name),
    clientVersion: text(client.version),
    clientEngine: text(client.engine),
    clientEngineVersion: text(client.engine_version),
    deviceName: text(device.type),
    deviceBrand: text(device.brand),
    deviceModel: text(device.model),
  };
}
