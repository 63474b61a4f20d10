import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { assertRedirectUrl, isAllowedHost } from './redirect-url.ts';

describe('isAllowedHost', () => {
  it('matches exact hosts case-insensitively, wildcard subdomains but not the apex, and *', () => {
    const hosts = ['localhost', '*.Example.com', 'app.test'];
    expect(isAllowedHost('localhost', hosts)).toBe(true);
    expect(isAllowedHost('APP.test', hosts)).toBe(true);
    expect(isAllowedHost('a.b.example.com', hosts)).toBe(true);
    expect(isAllowedHost('example.com', hosts)).toBe(false);
    expect(isAllowedHost('badexample.com', hosts)).toBe(false);
    expect(isAllowedHost('app.test.evil', hosts)).toBe(false);
    expect(isAllowedHost('anything.at.all', ['*'])).toBe(true);
  });

  it('counts 127.0.0.1 and [::1] as localhost; entries with a port or path never match', () => {
    expect(isAllowedHost('127.0.0.1', ['localhost'])).toBe(true);
    expect(isAllowedHost('[::1]', ['localhost'])).toBe(true);
    expect(isAllowedHost('127.0.0.1', ['example.com'])).toBe(false);
    expect(isAllowedHost('localhost', ['localhost:3000', 'localhost/x'])).toBe(false);
  });
});

describe('assertRedirectUrl', () => {
  const messageOf = (url: string) => {
    try {
      assertRedirectUrl(url, ['localhost']);
      return 'ok';
    } catch (error) {
      return error instanceof AppError ? `${error.type}: ${error.message}` : String(error);
    }
  };

  it('accepts http and https on allowed hosts, with ports, paths, queries and fragments', () => {
    expect(messageOf('http://localhost:5173/join?x=1#top')).toBe('ok');
    expect(messageOf('https://127.0.0.1/')).toBe('ok');
  });

  it('refuses other schemes and unparsable values as Invalid URI, other hosts naming the host', () => {
    expect(messageOf('javascript:alert(1)')).toBe(
      'general_argument_invalid: Invalid `url` param: Invalid URI.',
    );
    expect(messageOf('/relative')).toBe('general_argument_invalid: Invalid `url` param: Invalid URI.');
    expect(messageOf('https://evil.test/x')).toBe(
      'general_argument_invalid: Invalid `url` param: Invalid URI. Add the host (evil.test) to ROSTER_REDIRECT_HOSTS',
    );
  });
});
