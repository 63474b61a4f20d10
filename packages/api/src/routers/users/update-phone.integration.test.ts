import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();
let next = 0;
const phone = () => `+4930${String(1_000_000 + next++)}`;

describe('users.updatePhone', () => {
  it('sets the number, unverified, with its sms target; the event and search follow', async () => {
    const ada = await api.signUp();
    await api.store.update('users', { _id: ada.user._id }, { phoneVerification: true });
    const key = await api.keyHeaders(['users.write']);
    const number = phone();
    const user = await api.caller(key).call.users.updatePhone({ userId: ada.user._id, number });
    expect(user).toMatchObject({ phone: number, phoneVerification: false });
    expect(user.targets.map((t) => [t.providerType, t.identifier])).toEqual([
      ['email', ada.user.email],
      ['sms', number],
    ]);
    expect((await api.repos.users.byId(ada.user._id))?.search).toContain(number);
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.at(-1)).toMatchObject({
      template: 'users.[userId].update.phone',
      actor: { type: 'keyProject' },
      payload: { phone: number },
    });
  });

  it('"" removes the number (several users may then have none); the target goes too', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const [ada, grace] = [await api.signUp(), await api.signUp()];
    for (const { user } of [ada, grace]) await call.users.updatePhone({ userId: user._id, number: phone() });
    for (const { user } of [ada, grace]) {
      const cleared = await call.users.updatePhone({ userId: user._id, number: '' });
      expect(cleared).toMatchObject({ phone: '', phoneVerification: false });
      expect(cleared.targets.map((t) => t.providerType)).toEqual(['email']);
      const stored = await api.repos.users.byId(user._id);
      expect(stored && 'phone' in stored).toBe(false);
    }
  });

  it("anyone's number, the user's own included, is 409 user_target_already_exists", async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const [ada, grace] = [await api.signUp(), await api.signUp()];
    const number = phone();
    await call.users.updatePhone({ userId: grace.user._id, number });
    for (const userId of [ada.user._id, grace.user._id]) {
      expect(await appErrorOf(call.users.updatePhone({ userId, number }))).toMatchObject({
        type: 'user_target_already_exists',
        status: 409,
      });
    }
    expect((await api.repos.users.byId(ada.user._id))?.phone).toBeUndefined();
  });

  it('concurrent updates of two users to one number: exactly one wins (the unique index)', async () => {
    const key = await api.keyHeaders(['users.write']);
    for (let round = 0; round < 3; round++) {
      const users = await Promise.all(Array.from({ length: 6 }, () => api.signUp()));
      const number = phone();
      const outcomes = await Promise.all(
        users.map(async ({ user }) => {
          const call = api.caller(key).call.users.updatePhone({ userId: user._id, number });
          try {
            await call;
            return 'updated';
          } catch {
            return (await appErrorOf(call)).type;
          }
        }),
      );
      expect(outcomes.filter((outcome) => outcome === 'updated')).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o !== 'updated')) {
        expect(['user_target_already_exists', 'user_phone_already_exists']).toContain(outcome);
      }
      expect(await api.store.count('users', { phone: number })).toBe(1);
    }
  });

  it('400 for a number that is not E.164, a missing one; 404 for an unknown user', async () => {
    const key = await api.keyHeaders(['users.write']);
    const { call } = api.caller(key);
    const ada = await api.signUp();
    for (const number of ['12345678', '+0123456789', '+1234567890123456', '+49 30 123456', ' ']) {
      expect(await appErrorOf(call.users.updatePhone({ userId: ada.user._id, number }))).toEqual({
        type: 'general_argument_invalid',
        status: 400,
        message:
          "Invalid `number` param: Phone number must start with a '+' can have a maximum of fifteen digits.",
      });
    }
    expect(
      (
        await appErrorOf(
          call.users.updatePhone({ userId: ada.user._id } as { userId: string; number: string }),
        )
      ).message,
    ).toBe('Param "number" is not optional.');
    expect((await appErrorOf(call.users.updatePhone({ userId: 'nobody', number: phone() }))).type).toBe(
      'user_not_found',
    );
    expect((await appErrorOf(call.users.updatePhone({ userId: 'nobody', number: '' }))).type).toBe(
      'user_not_found',
    );
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updatePhone({ userId: ada.user._id, number: phone() }),
    );
  });
});
