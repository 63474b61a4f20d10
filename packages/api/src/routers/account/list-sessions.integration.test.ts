import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('account.listSessions', () => {
  it("lists the caller's unexpired sessions; current marks the one in use; secrets are blank", async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const other = await api.openSession(ada.user._id, 3600);
    await api.openSession(ada.user._id, -1);

    const list = await api.caller({ 'x-appwrite-session': other.token }).call.account.listSessions();
    expect(list.total).toBe(2);
    expect(list.sessions.map((session) => [session.$id, session.current])).toEqual([
      [ada.session._id, false],
      [other.session._id, true],
    ]);
    expect(list.sessions.every((session) => session.secret === '' && session.userId === ada.user._id)).toBe(
      true,
    );
    expect(list.sessions.map((session) => session.$id)).not.toContain(grace.session._id);
  });

  it('guests are 401 general_unauthorized_scope', async () => {
    expect(await appErrorOf(api.caller().call.account.listSessions())).toMatchObject({
      type: 'general_unauthorized_scope',
      message: 'User (role: guests) missing scopes (["account"])',
    });
  });
});
