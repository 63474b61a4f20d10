import fc from 'fast-check';

/**
 * Hostile input for the fuzz suites of both adapters (REST in rest/bad-input, tRPC in
 * security/trpc-fuzz): odd ids and strings, Appwrite query JSON, bodies that are large, deep,
 * wide or not JSON at all.
 */
const unicode = fc.string({ unit: 'binary', maxLength: 40 });

export const oddStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  unicode,
  fc.constantFrom(
    '',
    ' ',
    'unique()',
    '$id',
    '.dot',
    '-dash',
    '\u0000',
    '😀'.repeat(40),
    'a'.repeat(37),
    '%',
    '..',
  ),
);

const nestedQuery = (depth: number): string =>
  `{"method":"or","values":[${'{"method":"and","values":['.repeat(depth)}{"method":"equal","attribute":"name","values":["x"]}${']}'.repeat(depth)}]}`;

export const queryJson = fc.oneof(
  fc
    .oneof(
      fc.record({
        method: fc.oneof(
          fc.constantFrom(
            'equal',
            'limit',
            'offset',
            'cursorAfter',
            'orderAsc',
            'select',
            'search',
            'between',
            'or',
            'nope',
          ),
          oddStrings,
        ),
        attribute: fc.option(
          fc.oneof(
            fc.constantFrom('name', 'roles', 'total', '$id', 'secret', 'maximumFileSize', 'enabled'),
            oddStrings,
          ),
        ),
        values: fc.option(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 })),
      }),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{"method":"limit","values":[100000000]}',
    '{"method":"offset","values":[9007199254740991]}',
    '{"method":"orderDesc","attribute":"total"}',
  ),
  fc.integer({ min: 1, max: 700 }).map(nestedQuery),
);

const queryValue = fc.oneof(oddStrings, queryJson, fc.constantFrom('true', 'false', '0', '1', '2', 'null'));

/** A URL query string as Appwrite's SDKs send one, or a mangled one. */
export const queryString = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'queries[]',
            'queries[0]',
            'queries[150]',
            'queries',
            'queries[a][b]',
            'search',
            'total',
          ),
          oddStrings,
        ),
        queryValue,
      ),
      { maxLength: 6 },
    )
    .map((pairs) => new URLSearchParams(pairs).toString()),
  fc
    .array(queryJson, { minLength: 100, maxLength: 1200 })
    .map((queries) =>
      new URLSearchParams(queries.map((query): [string, string] => ['queries[]', query])).toString(),
    ),
);

/** Appwrite permission strings, valid and hostile (Storage's `permissions`, docs/storage.md#permissions). */
export const permissionString = fc.oneof(
  fc.constantFrom(
    'read("any")',
    'write("users/verified")',
    'create("team:t1/owner")',
    'read("any") , read("user:x")',
    'read("\u0430ny")',
    'read("role:all")',
    '*',
    'read("user:a:b")',
    `read("user:${'x'.repeat(5000)}")`,
  ),
  fc
    .tuple(fc.constantFrom('read', 'write', 'create', 'update', 'delete', 'admin'), oddStrings)
    .map(([action, role]) => `${action}("${role}")`),
);

/** A value for one field of a request body. */
export const bodyValue = fc.oneof(
  fc.array(permissionString, { maxLength: 110 }),
  fc.jsonValue({ maxDepth: 3 }),
  oddStrings,
  fc.array(oddStrings, { maxLength: 120 }),
  fc.array(queryJson, { maxLength: 8 }),
  fc.dictionary(oddStrings, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.constant({ big: 'x'.repeat(70_000) }),
  fc.constant(
    Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`key${index}`, 'value value value'])),
  ),
);

/** An input object with some of `params` (and strangers) set to hostile values. */
export const inputObject = (params: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...params, 'extra'), oddStrings), bodyValue, { maxKeys: 6 });

/** Bodies beyond the limits: larger than 256 KiB, nested 5,000 deep, or not JSON. */
export const hostileBodyText = fc.oneof(
  fc.constant(`{"prefs": ${'['.repeat(5000)}`),
  fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  fc.constant(JSON.stringify({ name: 'x'.repeat(300 * 1024) })),
  fc.string({ maxLength: 60 }),
);

/** A request body as text for an operation taking `params`. */
export const bodyText = (params: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: inputObject(params).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: hostileBodyText },
  );

export const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
);

/** Headers clients send, with hostile values. */
export const oddHeaders = fc.record(
  {
    'content-type': contentType,
    'x-appwrite-project': fc.constantFrom('default', 'other', ''),
    'x-appwrite-session': fc.string({ maxLength: 60 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
    'x-fallback-cookies': fc.constantFrom('{', '[]', '{"a_session_default":"x"}', 'null'),
    'x-appwrite-locale': fc.constantFrom('de', 'xx', '../../etc', ''),
  },
  { requiredKeys: [] },
);
