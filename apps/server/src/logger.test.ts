import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('censors credential fields logged by hand, webhook passwords included', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', 'test', { destination: sink });
    logger.info(
      { webhook: { authPassword: 'hunter2-basic', secret: 'whsec-signing' }, password: 'p4ss' },
      'x',
    );
    const line = lines.join('');
    for (const value of ['hunter2-basic', 'whsec-signing', 'p4ss']) expect(line).not.toContain(value);
    expect(line).toContain('"authPassword"');
  });
});
