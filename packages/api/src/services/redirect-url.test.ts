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
  const messageOf = (url: string, hosts = ['localhost']) => {
    try {
      assertRedirectUrl(url, hosts);
      return 'ok';
    } catch (error) {
      return error instanceof AppError ? `${error.type}: ${error.message}` : String(error);
    }
  };

  it('accepts http and https on local hosts with any port, paths, queries and fragments', () => {
    expect(messageOf('http://localhost:5173/join?x=1#top')).toBe('ok');
    expect(messageOf('https://127.0.0.1/')).toBe('ok');
    expect(messageOf('http://[::1]:8080/')).toBe('ok');
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

  it('refuses userinfo, even empty or hidden behind a backslash-free authority', () => {
    const hosts = ['app.example.com'];
    for (const url of [
      'https://accounts.google.com@app.example.com/',
      'https://a:b@app.example.com/',
      'https://@app.example.com/',
      'https:@app.example.com/',
      'http://user@localhost/',
    ]) {
      expect(messageOf(url, [...hosts, 'localhost'])).toBe(
        'general_argument_invalid: Invalid `url` param: Invalid URI. The URL may not contain a user name or password',
      );
    }
    // `@` after the authority is a path or query character, not userinfo.
    expect(messageOf('https://app.example.com/@team?by=a@b', hosts)).toBe('ok');
  });

  it('requires https except on localhost, 127.0.0.1 and [::1]', () => {
    expect(messageOf('http://app.example.com/', ['app.example.com'])).toBe(
      'general_argument_invalid: Invalid `url` param: Invalid URI. Use https (http is allowed only for localhost)',
    );
    expect(messageOf('https://app.example.com/', ['app.example.com'])).toBe('ok');
  });

  it('pins ports: the default one, or one an allow-list entry names', () => {
    const hosts = ['app.example.com', 'other.example.com:8443', '*.tenants.example.com:9443'];
    expect(messageOf('https://app.example.com:443/', hosts)).toBe('ok');
    expect(messageOf('https://app.example.com:8443/', hosts)).toBe(
      'general_argument_invalid: Invalid `url` param: Invalid URI. Add the host and port (app.example.com:8443) to ROSTER_REDIRECT_HOSTS',
    );
    expect(messageOf('https://other.example.com:8443/', hosts)).toBe('ok');
    expect(messageOf('https://other.example.com/', hosts)).toContain('Add the host (other.example.com)');
    expect(messageOf('https://a.tenants.example.com:9443/', hosts)).toBe('ok');
    expect(messageOf('https://a.tenants.example.com:9444/', hosts)).toContain('Add the host and port');
  });
});
