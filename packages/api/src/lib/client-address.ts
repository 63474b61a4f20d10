import { isIPv4, isIPv6 } from 'node:net';

/**
 * The rate-limit key of a client address (`req.ip`, after Express's `trust proxy`): an IPv4
 * address as is; an IPv6 address grouped by its /64, the smallest block one subscriber usually
 * gets (so cycling through one's own /64 buys nothing); an IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`) as the IPv4 address it carries.
 */
export function clientAddressKey(ip: string): string {
  const address = ip.trim().replace(/%.*$/, ''); // an IPv6 zone (`fe80::1%eth0`) is not part of the address
  if (isIPv4(address)) return address;
  const groups = isIPv6(address) ? ipv6Groups(address) : undefined;
  if (!groups) return address ? `other:${address}` : 'unknown';
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing IPv4 part converted). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const missing = 8 - front.length - back.length;
  const groups = tail === undefined ? front : [...front, ...Array<number>(missing).fill(0), ...back];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group)) ? groups : undefined;
}
