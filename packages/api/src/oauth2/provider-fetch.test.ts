import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { isAllowedProviderUrl, providerFetch } from './provider-fetch.ts';

describe('requests to OAuth2 providers', () => {
  it.each([
    ['https://sso.example.com/token', false, true],
    ['http://sso.example.com/token', true, false],
    ['http://203.0.113.7/token', true, false],
    ['http://127.0.0.1:8080/token', true, true],
    ['http://[::1]:8080/token', true, true],
    ['http://localhost/token', true, true],
    ['http://127.0.0.1:8080/token', false, false],
    ['https://user:pass@sso.example.com/token', false, false],
    ['file:///etc/passwd', true, false],
    ['not a url', true, false],
  ])('%s (loopback http allowed: %s) → %s', (url, allowLoopbackHttp, allowed) => {
    expect(isAllowedProviderUrl(url, allowLoopbackHttp)).toBe(allowed);
  });

  it('refuses a non-https endpoint before connecting', async () => {
    const calls: string[] = [];
    const connect = ((url: string) => {
      calls.push(url);
      return Promise.resolve(new Response('{}'));
    }) as typeof fetch;
    const send = providerFetch({ allowLoopbackHttp: false, timeoutMs: 1000 }, connect);
    const refused = send('http://10.0.0.1/token', {
      method: 'GET',
      headers: {},
      body: undefined,
      redirect: 'manual',
    });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    expect(calls).toEqual([]);
    await send('https://sso.example.com/jwks', {
      method: 'GET',
      headers: {},
      body: undefined,
      redirect: 'manual',
    });
    expect(calls).toEqual(['https://sso.example.com/jwks']);
  });

  it('aborts a request that takes longer than the timeout, and never follows redirects', async () => {
    let seen: RequestInit | undefined;
    const connect = ((_url: string, init: RequestInit) => {
      seen = init;
      return new Promise<Response>((_resolve, reject) => {
        init.signal!.addEventListener('abort', () => reject(new Error('aborted')));
      });
    }) as typeof fetch;
    const send = providerFetch({ allowLoopbackHttp: false, timeoutMs: 50 }, connect);
    const started = Date.now();
    await expect(
      send('https://slow.example.com/token', {
        method: 'POST',
        headers: {},
        body: undefined,
        redirect: 'manual',
      }),
    ).rejects.toThrow('aborted');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen?.redirect).toBe('manual');
  });
});
