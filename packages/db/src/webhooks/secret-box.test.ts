import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';

describe('createSecretBox', () => {
  const box = createSecretBox('a-server-secret-of-at-least-32-chars!!');

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('whsec-plain-value');
    expect(sealed).not.toContain('whsec');
    expect(sealed).not.toBe(box.seal('whsec-plain-value'));
    expect(box.open(sealed)).toBe('whsec-plain-value');
  });

  it('refuses a value sealed under another server secret or tampered with', () => {
    const sealed = box.seal('secret');
    expect(() => createSecretBox('another-server-secret-of-32-chars!!!').open(sealed)).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + '=';
    expect(() => box.open(tampered)).toThrow();
  });

  it('keeps the empty value empty (no password set)', () => {
    expect(box.seal('')).toBe('');
    expect(box.open('')).toBe('');
  });
});
