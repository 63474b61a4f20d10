import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness();

describe('teams.create', () => {
  it('a signed-in creator becomes a confirmed owner; total is 1', async () => {
    const ada = await api.signUp();
    const team = await api
      .caller(ada.headers)
      .call.teams.create({ teamId: 'unique()', name: 'Analytical Engines' });
    expect(team).toMatchObject({ name: 'Analytical Engines', total: 1, prefs: {} });
    expect(team.$id).toMatch(/^[0-9a-f]{20}$/);
    expect(team.$createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    const membership = await api.store.findOne('memberships', { teamId: team.$id });
    expect(membership).toMatchObject({ userId: ada.user._id, roles: ['owner'], confirm: true });
  });

  it('keeps extra roles and always adds owner for the creator', async () => {
    const ada = await api.signUp();
    const team = await api
      .caller(ada.headers)
      .call.teams.create({ teamId: 'unique()', name: 'T', roles: ['admin'] });
    const membership = await api.store.findOne('memberships', { teamId: team.$id });
    expect(membership?.roles).toEqual(['admin', 'owner']);
  });

  it('with an API key creates the team without members: total 0', async () => {
    const key = await api.keyHeaders(['teams.write']);
    const team = await api.caller(key).call.teams.create({ teamId: 'keyed-team', name: 'Keyed' });
    expect(team).toMatchObject({ $id: 'keyed-team', total: 0 });
    expect(await api.store.count('memberships', { teamId: 'keyed-team' })).toBe(0);
  });

  it('a taken id is 409 team_already_exists', async () => {
    const key = await api.keyHeaders(['teams.write']);
    await api.caller(key).call.teams.create({ teamId: 'taken', name: 'First' });
    expect(
      await appErrorOf(api.caller(key).call.teams.create({ teamId: 'taken', name: 'Second' })),
    ).toMatchObject({
      type: 'team_already_exists',
      status: 409,
    });
  });

  it('validates like Appwrite: missing name, bad id, empty name', async () => {
    const key = await api.keyHeaders(['teams.write']);
    const { call } = api.caller(key);
    expect(await appErrorOf(call.teams.create({ teamId: 'x' } as never))).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Param "name" is not optional.',
    });
    expect((await appErrorOf(call.teams.create({ teamId: '_bad', name: 'x' }))).message).toBe(
      "Invalid `teamId` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
    );
    expect((await appErrorOf(call.teams.create({ teamId: 'ok', name: '' }))).message).toBe(
      'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
    );
  });

  it('guests and keys without teams.write are 401 general_unauthorized_scope', async () => {
    expect(await appErrorOf(api.caller().call.teams.create({ teamId: 'unique()', name: 'x' }))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: guests) missing scopes (["teams.write"])',
    });
    const readOnly = await api.keyHeaders(['teams.read']);
    expect(
      (await appErrorOf(api.caller(readOnly).call.teams.create({ teamId: 'unique()', name: 'x' }))).type,
    ).toBe('general_unauthorized_scope');
  });

  it('a wrong X-Appwrite-Project is 404 project_not_found', async () => {
    const ada = await api.signUp();
    const headers = { ...ada.headers, 'x-appwrite-project': 'other' };
    expect(
      (await appErrorOf(api.caller(headers).call.teams.create({ teamId: 'unique()', name: 'x' }))).type,
    ).toBe('project_not_found');
  });
});
