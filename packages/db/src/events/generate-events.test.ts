import { describe, expect, it } from 'vitest';
import { generateEvents } from './generate-events.ts';

// Expected lists are Appwrite's (its unit tests and the worked examples of its event expansion).
describe('generateEvents', () => {
  it('expands a membership create in Appwrite order', () => {
    expect(
      generateEvents('teams.[teamId].memberships.[membershipId].create', {
        userId: 'U',
        teamId: 'T',
        membershipId: 'M',
      }),
    ).toEqual([
      'teams.T.memberships.M.create',
      'teams.*.memberships.*.create',
      'teams.*.memberships.M.create',
      'teams.T.memberships.*.create',
      'teams.T.memberships.M',
      'teams.*.memberships.*',
      'teams.*.memberships.M',
      'teams.T.memberships.*',
      'teams.T',
      'teams.*',
    ]);
  });

  it('puts the attribute after the action for a top-level resource', () => {
    expect(generateEvents('users.[userId].update.email', { userId: 'U' })).toEqual([
      'users.U.update',
      'users.*.update',
      'users.U.update.email',
      'users.*.update.email',
      'users.U',
      'users.*',
    ]);
  });

  it('emits the 16 names of a membership status update, teams.T.update.status included', () => {
    const names = generateEvents('teams.[teamId].memberships.[membershipId].update.status', {
      userId: 'U',
      teamId: 'T',
      membershipId: 'M',
    });
    expect(names).toHaveLength(16);
    expect(names[0]).toBe('teams.T.memberships.M.update.status');
    expect(names).toContain('teams.T.memberships.M.update');
    expect(names).toContain('teams.T.update.status');
    expect(names).toContain('teams.*.update.status');
    expect(names.slice(-2)).toEqual(['teams.T', 'teams.*']);
  });

  it('expands a team create and a sessions delete', () => {
    expect(generateEvents('teams.[teamId].create', { teamId: 'T' })).toEqual([
      'teams.T.create',
      'teams.*.create',
      'teams.T',
      'teams.*',
    ]);
    expect(generateEvents('users.[userId].sessions.delete', { userId: 'U' })).toEqual([
      'users.U.sessions',
      'users.*.sessions',
      'users.U.sessions.delete',
      'users.*.sessions.delete',
      'users.U',
      'users.*',
    ]);
  });

  it('drops segments beyond the parsed shape, as Appwrite does', () => {
    expect(generateEvents('users.[userId].create.mfa.recovery-codes', { userId: 'U' })[0]).toBe(
      'users.U.create',
    );
  });

  it('does not let an id that contains a parameter name corrupt the names', () => {
    expect(generateEvents('teams.[teamId].create', { teamId: 'teamId' })[0]).toBe('teams.teamId.create');
  });

  it('refuses a template whose placeholder has no parameter', () => {
    expect(() => generateEvents('teams.[teamId].create', {})).toThrow(/teamId/);
  });
});
