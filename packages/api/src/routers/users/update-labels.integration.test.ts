import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();
const INVALID =
  'Invalid `labels` param: Value must a valid array no longer than 1000 items and Value must be a valid string and at least 1 chars and no longer than 36 chars';

describe('users.updateLabels', () => {
  it('replaces the labels, duplicates removed in first-seen order; [] clears; the event', async () => {
    const ada = await api.signUp();
    const key = await api.keyHeaders(['users.read', 'users.write']);
    const { call } = api.caller(key);
    expect(
      (await call.users.updateLabels({ userId: ada.user._id, labels: ['vip', 'vip', 'pro', 'VIP'] })).labels,
    ).toEqual(['vip', 'pro', 'VIP']);
    expect((await call.users.get({ userId: ada.user._id })).labels).toEqual(['vip', 'pro', 'VIP']);
    expect((await call.users.updateLabels({ userId: ada.user._id, labels: ['x1'] })).labels).toEqual(['x1']);
    expect((await call.users.updateLabels({ userId: ada.user._id, labels: [] })).labels).toEqual([]);
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.at(-1)).toMatchObject({
      template: 'users.[userId].update.labels',
      payload: { labels: [] },
    });
  });

  it('at most 1000 labels of 36 letters or digits', async () => {
    const ada = await api.signUp();
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const many = Array.from({ length: 1000 }, (_, i) => `l${i}`);
    expect((await call.users.updateLabels({ userId: ada.user._id, labels: many })).labels).toHaveLength(1000);
    const long = 'a'.repeat(36);
    expect((await call.users.updateLabels({ userId: ada.user._id, labels: [long] })).labels).toEqual([long]);
    for (const labels of [[...many, 'one'], ['a'.repeat(37)], [''], ['invalid-label']]) {
      expect(await appErrorOf(call.users.updateLabels({ userId: ada.user._id, labels }))).toEqual({
        type: 'general_argument_invalid',
        status: 400,
        message: INVALID,
      });
    }
  });

  it('400 without labels or with a non-array; 404 for an unknown user', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const ada = await api.signUp();
    const bad = (labels: unknown) => call.users.updateLabels({ userId: ada.user._id, labels } as never);
    expect((await appErrorOf(bad(undefined))).message).toBe('Param "labels" is not optional.');
    expect((await appErrorOf(bad('vip'))).type).toBe('general_argument_invalid');
    expect((await appErrorOf(call.users.updateLabels({ userId: 'nobody', labels: ['a'] }))).type).toBe(
      'user_not_found',
    );
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (call, ada) =>
      call.users.updateLabels({ userId: ada.user._id, labels: ['a'] }),
    );
  });
});
