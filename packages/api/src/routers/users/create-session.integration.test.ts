import { describe, expect, it } from 'vitest';
import { decodeSessionToken } from '../../auth/session-token.ts';
import { sha256 } from '../../lib/secrets.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('users.createSession', () => {
  it('returns a Session whose secret is exactly what X-Appwrite-Session and the cookie accept', async () => {
    const ada = await api.signUp();
    const key = await api.keyHeaders(['users.write']);
    const session = await api
      .caller(key, { ip: '203.0.113.9' })
      .call.users.createSession({ userId: ada.user._id });
    expect(session).toMatchObject({
      userId: ada.user._id,
      provider: 'server',
      factors: ['server'],
      current: false,
      ip: '203.0.113.9',
    });
    expect(session.secret).not.toBe('');

    const viaHeader = await api.caller({ 'x-appwrite-session': session.secret }).call.account.get();
    expect(viaHeader.$id).toBe(ada.user._id);
    const viaCookie = await api.caller({ cookie: `a_session_test=${session.secret}` }).call.account.get();
    expect(viaCookie.$id).toBe(ada.user._id);
    const sessions = await api.caller({ 'x-appwrite-session': session.secret }).call.account.listSessions();
    expect(sessions.sessions.find((listed) => listed.current)?.$id).toBe(session.$id);
  });

  it('stores only the SHA-256 of the secret; expiry follows the configured duration', async () => {
    const ada = await api.signUp();
    const key = await api.keyHeaders(['users.write']);
    const started = Date.now();
    const session = await api.caller(key).call.users.createSession({ userId: ada.user._id });
    const stored = await api.repos.sessions.byId(session.$id);
    const secret = decodeSessionToken(session.secret)?.secret ?? '';
    expect(secret).toMatch(/^[0-9a-f]{256}$/);
    expect(stored?.secretHash).toBe(sha256(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    const expire = new Date(session.expire).getTime();
    expect(expire).toBeGreaterThanOrEqual(started + 3600_000);
    expect(expire).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it('404 user_not_found', async () => {
    const key = await api.keyHeaders(['users.write']);
    expect(await appErrorOf(api.caller(key).call.users.createSession({ userId: 'nobody' }))).toMatchObject({
      type: 'user_not_found',
      status: 404,
    });
  });

  it('needs users.write: a signed-in user cannot mint sessions', async () => {
    const ada = await api.signUp();
    const readOnly = await api.keyHeaders(['users.read']);
    for (const headers of [ada.headers, {}, readOnly]) {
      expect(
        (await appErrorOf(api.caller(headers).call.users.createSession({ userId: ada.user._id }))).type,
      ).toBe('general_unauthorized_scope');
    }
  });
});
