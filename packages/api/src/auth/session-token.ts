/**
 * The session cookie of a project: `a_session_<projectId>`, and its `_legacy` twin
 * (docs/appwrite-compatibility.md#principals-and-authentication).
 */
export const sessionCookieName = (projectId: string) => `a_session_${projectId}`;

/**
 * The value the session header and cookies carry: base64 of `{"id":"<userId>","secret":"<secret>"}`
 * (docs/appwrite-compatibility.md#principals-and-authentication). `Session.secret` handed to API-key callers
 * is exactly this value.
 */
export function encodeSessionToken(userId: string, secret: string): string {
  return Buffer.from(JSON.stringify({ id: userId, secret })).toString('base64');
}

/** Decodes a session token; a bare secret (no JSON inside) is accepted too. */
export function decodeSessionToken(value: string): { userId?: string; secret: string } | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(trimmed, 'base64').toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { id, secret } = parsed as { id?: unknown; secret?: unknown };
      if (typeof secret === 'string' && secret)
        return { ...(typeof id === 'string' ? { userId: id } : {}), secret };
    }
  } catch {
    // not base64 JSON: a bare secret
  }
  return /^[0-9a-f]{64,512}$/i.test(trimmed) ? { secret: trimmed } : undefined;
}
