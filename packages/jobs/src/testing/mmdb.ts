/**
 * Writes a tiny MaxMind DB (IPv4, 24-bit records) mapping networks to countries, so the GeoIP
 * lookup is tested through the real reader on a real file without shipping a database. Format:
 * MaxMind DB File Format Specification 2.0 (search tree, 16 zero bytes, data, metadata).
 */
export function countryDatabase(networks: Record<string, string>): Buffer {
  interface Node {
    children: [Node | number | null, Node | number | null];
  }
  const data: Buffer[] = [];
  let dataLength = 0;
  const root: Node = { children: [null, null] };
  for (const [cidr, country] of Object.entries(networks)) {
    const [address, bits] = cidr.split('/') as [string, string];
    const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
    const record = encode({ country: { iso_code: country } });
    const offset = dataLength;
    data.push(record);
    dataLength += record.length;
    let node = root;
    for (let depth = 0; depth < Number(bits); depth++) {
      const bit = Math.floor(value / 2 ** (31 - depth)) % 2;
      if (depth === Number(bits) - 1) {
        node.children[bit] = offset;
      } else {
        const next = node.children[bit];
        node = typeof next === 'object' && next ? next : (node.children[bit] = { children: [null, null] });
      }
    }
  }
  const nodes: Node[] = [];
  const number = new Map<Node, number>();
  const visit = (node: Node) => {
    number.set(node, nodes.push(node) - 1);
    for (const child of node.children) if (typeof child === 'object' && child) visit(child);
  };
  visit(root);
  const count = nodes.length;
  const tree = Buffer.alloc(count * 6);
  nodes.forEach((node, index) => {
    node.children.forEach((child, side) => {
      const value =
        child === null ? count : typeof child === 'number' ? count + 16 + child : number.get(child)!;
      tree.writeUIntBE(value, index * 6 + side * 3, 3);
    });
  });
  const metadata = encode({
    node_count: uint(count, 6),
    record_size: uint(24, 5),
    ip_version: uint(4, 5),
    database_type: 'Roster-Test-Country',
    languages: ['en'],
    binary_format_major_version: uint(2, 5),
    binary_format_minor_version: uint(0, 5),
    build_epoch: uint(Math.floor(Date.now() / 1000), 9),
    description: { en: 'Roster test database' },
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com'),
    metadata,
  ]);
}

interface Uint {
  uint: number;
  /** 5 uint16, 6 uint32, 9 uint64. */
  type: 5 | 6 | 9;
}
const uint = (value: number, type: Uint['type']): Uint => ({ uint: value, type });

type Value = string | Uint | Value[] | { [key: string]: Value };

function control(type: number, size: number): Buffer {
  if (size >= 29) throw new Error('countryDatabase: values this large are not needed here');
  return type <= 7 ? Buffer.from([(type << 5) | size]) : Buffer.from([size, type - 7]);
}

function encode(value: Value): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  if ('uint' in value && typeof value.uint === 'number') {
    const { uint: number, type } = value as Uint;
    const bytes: number[] = [];
    for (let rest = number; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
  }
  const entries = Object.entries(value as Record<string, Value>);
  return Buffer.concat([
    control(7, entries.length),
    ...entries.flatMap(([key, item]) => [encode(key), encode(item)]),
  ]);
}
