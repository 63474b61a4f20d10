import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectActiveUserRequired } from '../../testing/scopes.ts';

const api = useApiHarness();
const PASSWORD = 'the right password';
let next = 1_000_000;
const newPhone = () => `+4915${next++}`;

describe('account.updatePhone', () => {
  it('sets the number (unverified) with the password and records users.[userId].update.phone', async () => {
    const ada = await api.signUp({ password: PASSWORD });
    await api.store.update('users', { _id: ada.user._id }, { phoneVerification: true });
    const phone = newPhone();
    const updated = await api.caller(ada.headers).call.account.updatePhone({ phone, password: PASSWORD });
    expect(updated).toMatchObject({ $id: ada.user._id, phone, phoneVerification: false });
    expect((await api.repos.users.byPhone(phone))?._id).toBe(ada.user._id);
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.at(-1)).toMatchObject({ template: 'users.[userId].update.phone', payload: { phone } });
  });

  it('401 user_invalid_credentials for a wrong password; nothing changes', async () => {
    const ada = await api.signUp({ password: PASSWORD });
    expect(
      await appErrorOf(
        api.caller(ada.headers).call.account.updatePhone({ phone: newPhone(), password: 'wrong password' }),
      ),
    ).toMatchObject({ type: 'user_invalid_credentials', status: 401 });
    expect((await api.repos.users.byId(ada.user._id))?.phone).toBeUndefined();
  });

  it("another user's number, or one's own, is 409 user_target_already_exists", async () => {
    const ada = await api.signUp({ password: PASSWORD });
    const grace = await api.signUp({ password: PASSWORD });
    const [adas, graces] = [newPhone(), newPhone()];
    await api.caller(ada.headers).call.account.updatePhone({ phone: adas, password: PASSWORD });
    await api.caller(grace.headers).call.account.updatePhone({ phone: graces, password: PASSWORD });
    for (const phone of [graces, adas]) {
      expect(
        await appErrorOf(api.caller(ada.headers).call.account.updatePhone({ phone, password: PASSWORD })),
      ).toMatchObject({ type: 'user_target_already_exists', status: 409 });
    }
    expect((await api.repos.users.byId(ada.user._id))?.phone).toBe(adas);
  });

  it('400 for a number that is not E.164, or a short password', async () => {
    const ada = await api.signUp({ password: PASSWORD });
    const account = api.caller(ada.headers).call.account;
    for (const phone of ['4915123456789', '+0123456789', '+1234', '+1234567890123456', '']) {
      expect((await appErrorOf(account.updatePhone({ phone, password: PASSWORD }))).message).toBe(
        "Invalid `phone` param: Phone number must start with a '+' can have a maximum of fifteen digits.",
      );
    }
    expect((await appErrorOf(account.updatePhone({ phone: newPhone(), password: 'short' }))).type).toBe(
      'general_argument_invalid',
    );
  });

  it('is for signed-in, unblocked users only', async () => {
    await expectActiveUserRequired(api, (call) =>
      call.account.updatePhone({ phone: newPhone(), password: 'a good password' }),
    );
  });
});
