import { describe, expect, it } from 'vitest';
import { parseRespRequests } from './redis-proxy.ts';

const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;

describe('parseRespRequests', () => {
  it('names every complete command of a pipeline and stops before a partial one', () => {
    const whole = resp('evalsha', 'abc', '1', 'key') + resp('PING');
    const partial = resp('SET', 'key', 'a value with\r\ninside');
    const buffer = Buffer.from(whole + partial.slice(0, 20));
    const { names, consumed } = parseRespRequests(buffer);
    expect(names).toEqual(['EVALSHA', 'PING']);
    expect(consumed).toBe(Buffer.byteLength(whole));
    const rest = Buffer.concat([buffer.subarray(consumed), Buffer.from(partial.slice(20))]);
    expect(parseRespRequests(rest)).toEqual({ names: ['SET'], consumed: Buffer.byteLength(partial) });
  });

  it('counts an inline command once its line is complete', () => {
    expect(parseRespRequests(Buffer.from('PING\r\nQUI')).names).toEqual(['PING']);
  });
});
