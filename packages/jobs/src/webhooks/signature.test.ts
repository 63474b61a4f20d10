import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appwriteSignature, rawUrlDecode, rosterSignature } from './signature.ts';

describe('appwriteSignature', () => {
  const key = 'whsec-test-key-0001';
  const url = 'https://example.com/hooks/appwrite?tag=a%20b';
  const body = '{"$id":"team1","name":"Arsenal"}';

  it("matches Appwrite 1.9.6's vector (decoded URL)", () => {
    expect(appwriteSignature(key, url, body)).toBe('vUiV441+R6kDmDpPbE14tohEyCY=');
  });

  it("is not master's raw-URL form", () => {
    const master = createHmac('sha1', key)
      .update(url + body)
      .digest('base64');
    expect(master).toBe('meNNYL074bQ16paGZK+/k72FmQ0=');
    expect(appwriteSignature(key, url, body)).not.toBe(master);
  });

  it('decodes like PHP rawurldecode', () => {
    expect(rawUrlDecode('a+b%2Fc%zz%').toString()).toBe('a+b/c%zz%');
    expect(rawUrlDecode('%C3%A9').toString()).toBe('é');
  });
});

describe('rosterSignature', () => {
  it('changes with the timestamp and the event id', () => {
    const base = rosterSignature('s', 1, 'e', '{}');
    expect(base).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(rosterSignature('s', 2, 'e', '{}')).not.toBe(base);
    expect(rosterSignature('s', 1, 'f', '{}')).not.toBe(base);
  });
});
