import { describe, expect, it } from 'vitest';
import { matchRoute, safeNext, teamPath } from './router.ts';

describe('matchRoute', () => {
  it('maps paths to screens', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute('/sign-in')).toEqual({ name: 'signIn' });
    expect(matchRoute('/sign-up/')).toEqual({ name: 'signUp' });
    expect(matchRoute('/teams')).toEqual({ name: 'teams' });
    expect(matchRoute(teamPath('a.b-c_1'))).toEqual({ name: 'team', teamId: 'a.b-c_1' });
    expect(matchRoute('/accept')).toEqual({ name: 'accept' });
    expect(matchRoute('/join')).toEqual({ name: 'join' });
    expect(matchRoute('/account')).toEqual({ name: 'account' });
    expect(matchRoute('/sign-in/link')).toEqual({ name: 'signInLink' });
    expect(matchRoute('/sign-in/code')).toEqual({ name: 'signInCode' });
    expect(matchRoute('/magic-link')).toEqual({ name: 'magicLink' });
    expect(matchRoute('/forgot-password')).toEqual({ name: 'forgotPassword' });
    expect(matchRoute('/reset-password')).toEqual({ name: 'resetPassword' });
    expect(matchRoute('/verify-email')).toEqual({ name: 'verifyEmail' });
    expect(matchRoute('/teams/a/b')).toEqual({ name: 'notFound' });
  });

  it('follows only same-site `next` paths', () => {
    expect(safeNext('/teams/x')).toBe('/teams/x');
    expect(safeNext('//evil.example.com')).toBe('/teams');
    expect(safeNext('https://evil.example.com')).toBe('/teams');
    expect(safeNext(null, '/')).toBe('/');
  });
});
