import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './smtp-failure.ts';

describe('classifySmtpError', () => {
  it('a 4xx reply is transient, a 5xx permanent, 503 transient; the reply is the reason', () => {
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 451, response: '451 try later' })).toEqual({
      permanent: false,
      reason: '451 try later',
    });
    expect(
      classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' }),
    ).toEqual({
      permanent: true,
      reason: '550 5.1.1 no such user',
    });
    expect(classifySmtpError({ responseCode: 503, response: '503 bad sequence' }).permanent).toBe(false);
  });

  it("follows nodemailer's own `permanent` flag when it is set", () => {
    expect(classifySmtpError({ responseCode: 552, permanent: false, response: '552 x' }).permanent).toBe(
      false,
    );
  });

  it('connection failures are transient and named by code and message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ESOCKET' });
    expect(classifySmtpError(refused)).toEqual({
      permanent: false,
      reason: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(classifySmtpError(new Error('boom'))).toEqual({ permanent: false, reason: 'boom' });
  });

  it('an envelope nodemailer refuses before sending is permanent', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', message: 'No recipients defined' }).permanent).toBe(true);
  });
});
