/**
 * Appwrite's expansion of an event template into the event names a subscriber may match
 * (docs/events.md#event-names). The order is Appwrite's: element 0 is the most specific name,
 * and realtime derives its channels from it.
 *
 * Supports the shapes Roster emits: `type.[id].action[.attribute]` and
 * `type.[id].sub.[subId].action[.attribute]`. Segments beyond those shapes are dropped, as in
 * Appwrite. Placeholder substitution is positional rather than Appwrite's plain string replace,
 * so an id that happens to contain a parameter's name cannot corrupt other names.
 */
export function generateEvents(template: string, params: Record<string, string>): string[] {
  const parts = template.split('.');
  const n = parts.length;
  const hasSub = n > 3 && parts[3]!.startsWith('[');
  const [type, resource] = [parts[0]!, parts[1]!];
  const sub = hasSub ? [parts[2]!, parts[3]!] : [];
  const attribute = hasSub ? (n === 6 ? parts[5] : undefined) : n === 4 ? parts[3] : undefined;
  const action = !hasSub && n > 2 ? parts[2] : hasSub && n > 4 ? parts[4] : undefined;

  for (const segment of [resource, ...sub]) {
    const key = placeholderKey(segment);
    if (key !== undefined && params[key] === undefined) {
      throw new Error(`Event template ${template} needs the parameter ${key}`);
    }
  }

  const patterns: string[][] = [];
  if (action) {
    if (hasSub) {
      if (attribute) patterns.push([type, resource, ...sub, action, attribute]);
      patterns.push([type, resource, ...sub, action], [type, resource, ...sub]);
    } else {
      patterns.push([type, resource, action]);
    }
    if (attribute) patterns.push([type, resource, action, attribute]);
  }
  if (hasSub) patterns.push([type, resource, ...sub]);
  patterns.push([type, resource]);

  const keys = Object.keys(params);
  const names: string[] = [];
  for (const pattern of patterns) {
    const fill = (wildcards: Set<string>) =>
      pattern
        .map((segment) => {
          const key = placeholderKey(segment);
          if (key === undefined) return segment;
          return wildcards.has(key) ? '*' : params[key]!;
        })
        .join('.');
    names.push(fill(new Set()), fill(new Set(keys)));
    for (const key of keys) {
      for (const other of keys) if (other !== key) names.push(fill(new Set([other])));
    }
  }
  return [...new Set(names)];
}

function placeholderKey(segment: string): string | undefined {
  return segment.startsWith('[') && segment.endsWith(']') ? segment.slice(1, -1) : undefined;
}
