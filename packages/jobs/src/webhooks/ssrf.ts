import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

/**
 * The SSRF rule for webhook URLs (docs/security.md#webhook-ssrf): a webhook may not reach an
 * address of the server's own networks unless the operator allows it. Checked when a webhook is
 * created or updated and again, on the resolved address, right before each delivery; the request
 * then connects to the address that was checked, so DNS cannot change it in between.
 */
export interface NetworkPolicy {
  /** `ROSTER_WEBHOOK_ALLOW_PRIVATE`: every address is allowed (a trusted internal network). */
  allowPrivate: boolean;
  /** `ROSTER_WEBHOOK_ALLOWED_HOSTS`: hostnames (exact) and CIDRs reachable despite the rule. */
  allowed: readonly string[];
}

export const DEFAULT_NETWORK_POLICY: NetworkPolicy = { allowPrivate: false, allowed: [] };

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution, injectable so tests never ask a real resolver for a real address. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/** The webhook URL is refused by the SSRF rule or unusable; nothing was connected to. */
export class WebhookUrlRefusedError extends Error {
  override name = 'WebhookUrlRefusedError';
}

const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
  // Tunnelled or translated IPv4 whose embedded address may be internal: refused outright, since a
  // public webhook receiver has no reason to use them.
  ['2002::', 16], // 6to4
  ['2001::', 32], // Teredo
  ['64:ff9b:1::', 48], // local-use NAT64
  ['::ffff:0:0:0', 96], // SIIT (IPv4-translated)
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/** The 8 groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64), or null. */
function embeddedIpv4(address: string): string | null {
  const groups = ipv6Groups(address);
  if (!groups) return null;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const mapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0);
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (!mapped && !nat64) return null;
  if (g5 === 0 && g6 === 0 && g7 <= 1) return null; // `::` and `::1` themselves
  return [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join('.');
}

/** True when `address` is loopback, private, link-local, unspecified, CGNAT, multicast or reserved. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4) return FORBIDDEN.check(v4, 'ipv4');
  return FORBIDDEN.check(address, 'ipv6');
}

function allowList(policy: NetworkPolicy): { hosts: Set<string>; networks: BlockList } {
  const hosts = new Set<string>();
  const networks = new BlockList();
  for (const entry of policy.allowed) {
    const [network, prefix] = entry.split('/');
    const family = isIP(network ?? '');
    if (family === 0) {
      hosts.add(entry.toLowerCase());
    } else if (prefix === undefined) {
      networks.addAddress(network!, family === 4 ? 'ipv4' : 'ipv6');
    } else {
      networks.addSubnet(network!, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
  }
  return { hosts, networks };
}

/** The hostname of a URL without IPv6 brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * The address a delivery to `url` must connect to, after checking every address the name
 * resolves to (one forbidden address refuses the URL: a name must not be half internal).
 * Throws WebhookUrlRefusedError; it never opens a connection itself.
 */
export async function checkWebhookUrl(
  rawUrl: string,
  policy: NetworkPolicy,
  resolve: Resolver,
): Promise<ResolvedAddress> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookUrlRefusedError('Invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebhookUrlRefusedError('Only http and https URLs are allowed');
  }
  if (url.username || url.password) {
    throw new WebhookUrlRefusedError('Credentials in the URL are not allowed; use authUsername/authPassword');
  }
  const host = bareHostname(url);
  const literal = isIP(host);
  const addresses: ResolvedAddress[] =
    literal !== 0
      ? [{ address: host, family: literal === 6 ? 6 : 4 }]
      : await resolve(host).catch((error: unknown) => {
          throw new WebhookUrlRefusedError(`Cannot resolve ${host}: ${(error as Error).message}`);
        });
  if (addresses.length === 0) throw new WebhookUrlRefusedError(`${host} has no address`);
  if (policy.allowPrivate) return addresses[0]!;
  const allowed = allowList(policy);
  if (literal === 0 && allowed.hosts.has(host.toLowerCase())) return addresses[0]!;
  for (const { address, family } of addresses) {
    const isAllowed = allowed.networks.check(address, family === 6 ? 'ipv6' : 'ipv4');
    if (!isAllowed && isForbiddenAddress(address)) {
      throw new WebhookUrlRefusedError(
        `${host} resolves to ${address}, a loopback, private or reserved address; webhooks may not reach it`,
      );
    }
  }
  return addresses[0]!;
}
