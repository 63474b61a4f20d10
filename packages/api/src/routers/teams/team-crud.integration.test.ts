import { beforeAll, describe, expect, it } from 'vitest';
import { generateId } from '@roster/db';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { epochsOf } from '../../testing/list-fixtures.ts';

const api = useApiHarness();

/** A team owned by a new user, with a confirmed plain member and a pending invitee. */
async function teamWithMembers() {
  const owner = await api.signUp();
  const member = await api.signUp();
  const invitee = await api.signUp();
  const team = await api.caller(owner.headers).call.teams.create({ teamId: 'unique()', name: 'Crew' });
  const now = new Date();
  for (const [user, confirm] of [
    [member, true],
    [invitee, false],
  ] as const) {
    const id = generateId();
    await api.store.insert('memberships', {
      _id: id,
      teamId: team.$id,
      userId: user.user._id,
      roles: ['developer'],
      invited: now,
      ...(confirm ? { joined: now } : {}),
      confirm,
      search: `${id} ${user.user._id}`,
      ...(await epochsOf(api, team.$id, user.user._id)),
    });
  }
  return { owner, member, invitee, team };
}

describe('teams.get', () => {
  it('confirmed members and keys read the team with its true total; others get 404', async () => {
    const { owner, member, invitee, team } = await teamWithMembers();
    const stranger = await api.signUp();
    expect(await api.caller(owner.headers).call.teams.get({ teamId: team.$id })).toMatchObject({
      name: 'Crew',
      total: 2,
    });
    expect((await api.caller(member.headers).call.teams.get({ teamId: team.$id })).total).toBe(2);
    const key = await api.keyHeaders(['teams.read']);
    expect((await api.caller(key).call.teams.get({ teamId: team.$id })).total).toBe(2);
    for (const outsider of [invitee, stranger]) {
      expect(
        await appErrorOf(api.caller(outsider.headers).call.teams.get({ teamId: team.$id })),
      ).toMatchObject({
        type: 'team_not_found',
        status: 404,
      });
    }
    expect((await appErrorOf(api.caller(key).call.teams.get({ teamId: 'missing' }))).type).toBe(
      'team_not_found',
    );
  });
});

describe('teams.updateName', () => {
  it('owners rename, and the search field follows', async () => {
    const { owner, team } = await teamWithMembers();
    const renamed = await api
      .caller(owner.headers)
      .call.teams.updateName({ teamId: team.$id, name: 'Renamed' });
    expect(renamed).toMatchObject({ $id: team.$id, name: 'Renamed', total: 2 });
    expect((await api.repos.teams.byId(team.$id))?.search).toBe(`${team.$id} Renamed`);
  });

  it('a plain member is 401 user_unauthorized; a key with teams.write may', async () => {
    const { member, team } = await teamWithMembers();
    expect(
      await appErrorOf(api.caller(member.headers).call.teams.updateName({ teamId: team.$id, name: 'x' })),
    ).toEqual({
      type: 'user_unauthorized',
      status: 401,
      message: 'The current user is not authorized to perform the requested action.',
    });
    const key = await api.keyHeaders(['teams.write']);
    expect((await api.caller(key).call.teams.updateName({ teamId: team.$id, name: 'By key' })).name).toBe(
      'By key',
    );
  });

  it('validates the name', async () => {
    const { owner, team } = await teamWithMembers();
    const tooLong = 'é'.repeat(129);
    expect(
      (await appErrorOf(api.caller(owner.headers).call.teams.updateName({ teamId: team.$id, name: tooLong })))
        .message,
    ).toBe(
      'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
    );
    // 128 multibyte characters are fine: lengths count characters, not bytes.
    const exact = await api
      .caller(owner.headers)
      .call.teams.updateName({ teamId: team.$id, name: 'é'.repeat(128) });
    expect(exact.name).toHaveLength(128);
  });
});

describe('teams.delete', () => {
  it('an owner deletes the team and every membership with it', async () => {
    const { owner, team } = await teamWithMembers();
    expect(await api.store.count('memberships', { teamId: team.$id })).toBe(3);
    await api.caller(owner.headers).call.teams.delete({ teamId: team.$id });
    expect(await api.store.count('teams', { _id: team.$id })).toBe(0);
    expect(await api.store.count('memberships', { teamId: team.$id })).toBe(0);
    expect((await appErrorOf(api.caller(owner.headers).call.teams.get({ teamId: team.$id }))).type).toBe(
      'team_not_found',
    );
  });

  it('a plain member is 401 and nothing is deleted; a stranger gets 404', async () => {
    const { member, team } = await teamWithMembers();
    const stranger = await api.signUp();
    expect((await appErrorOf(api.caller(member.headers).call.teams.delete({ teamId: team.$id }))).type).toBe(
      'user_unauthorized',
    );
    expect(
      (await appErrorOf(api.caller(stranger.headers).call.teams.delete({ teamId: team.$id }))).type,
    ).toBe('team_not_found');
    expect(await api.store.count('memberships', { teamId: team.$id })).toBe(3);
  });
});

describe('teams prefs', () => {
  let fixture: Awaited<ReturnType<typeof teamWithMembers>>;
  beforeAll(async () => {
    fixture = await teamWithMembers();
  });

  it('start as {} and are replaced whole, never merged', async () => {
    const { owner, team } = fixture;
    const owners = api.caller(owner.headers).call;
    expect(await owners.teams.getPrefs({ teamId: team.$id })).toEqual({});
    await owners.teams.updatePrefs({ teamId: team.$id, prefs: { theme: 'dark', size: 3 } });
    const replaced = await owners.teams.updatePrefs({ teamId: team.$id, prefs: { language: 'fr' } });
    expect(replaced).toEqual({ language: 'fr' });
    expect(await owners.teams.getPrefs({ teamId: team.$id })).toEqual({ language: 'fr' });
    expect((await owners.teams.get({ teamId: team.$id })).prefs).toEqual({ language: 'fr' });
  });

  it('keep keys and shapes a document store would refuse: dots, dollars, nested arrays, unicode', async () => {
    const { owner, team } = fixture;
    const prefs = {
      'a.b': 1,
      $weird: true,
      grid: [[1, 2], [3]],
      nested: { empty: {}, list: [] },
      emoji: '🎉',
      slash: 'a/b',
    };
    await api.caller(owner.headers).call.teams.updatePrefs({ teamId: team.$id, prefs });
    expect(await api.caller(owner.headers).call.teams.getPrefs({ teamId: team.$id })).toEqual(prefs);
  });

  it('members read prefs but only owners write them', async () => {
    const { member, team } = fixture;
    expect(await api.caller(member.headers).call.teams.getPrefs({ teamId: team.$id })).toEqual(
      expect.any(Object),
    );
    expect(
      (await appErrorOf(api.caller(member.headers).call.teams.updatePrefs({ teamId: team.$id, prefs: {} })))
        .type,
    ).toBe('user_unauthorized');
  });

  it('rejects lists, strings and objects over 65,535 bytes as PHP encodes them', async () => {
    const { owner, team } = fixture;
    const call = api.caller(owner.headers).call;
    for (const prefs of [['a'], 'bad-string', null]) {
      expect(await appErrorOf(call.teams.updatePrefs({ teamId: team.$id, prefs: prefs as never }))).toEqual({
        type: 'general_argument_invalid',
        status: 400,
        message: 'Invalid `prefs` param: Value must be a valid object.',
      });
    }
    // 'é' is one character but six bytes (\u00e9) in PHP's encoding: {"v":"…"} is 8 + 6n bytes,
    // so 10,921 of them (65,534 bytes) fit and 10,922 (65,540) do not.
    const fits = { v: 'é'.repeat(10_921) };
    expect(await call.teams.updatePrefs({ teamId: team.$id, prefs: fits })).toEqual(fits);
    const over = { v: 'é'.repeat(10_922) };
    expect((await appErrorOf(call.teams.updatePrefs({ teamId: team.$id, prefs: over }))).type).toBe(
      'general_argument_invalid',
    );
  });

  it('a non-string $id is document_invalid_structure', async () => {
    const { owner, team } = fixture;
    expect(
      (
        await appErrorOf(
          api.caller(owner.headers).call.teams.updatePrefs({ teamId: team.$id, prefs: { $id: 5 } }),
        )
      ).type,
    ).toBe('document_invalid_structure');
  });
});
