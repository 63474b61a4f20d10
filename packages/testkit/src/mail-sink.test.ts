import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from './mail-sink.ts';

describe('mail sink', () => {
  let sink: MailSink;
  beforeAll(async () => {
    sink = await startMailSink();
  });
  afterAll(() => sink.stop());

  const send = (to: string, subject: string) =>
    createTransport(sink.url).sendMail({
      from: 'Roster <team@roster.test>',
      to,
      subject,
      text: 'plain body',
      html: '<p>html body</p>',
    });

  it('captures and parses what an SMTP client sends', async () => {
    sink.clear();
    await send('ada@example.com', 'Invitation to Écurie Team');
    const [mail] = await sink.waitForMessages(1);
    expect(mail).toMatchObject({
      from: 'team@roster.test',
      to: ['ada@example.com'],
      subject: 'Invitation to Écurie Team',
      text: 'plain body',
      html: '<p>html body</p>',
    });
  });

  it('refuses with the configured reply until cleared', async () => {
    sink.clear();
    sink.failWith({ code: 451, message: 'try again later' });
    await expect(send('bob@example.com', 'refused')).rejects.toMatchObject({ responseCode: 451 });
    expect(sink.messages).toHaveLength(0);
    sink.failWith(null);
    await send('bob@example.com', 'accepted');
    expect((await sink.waitForMessages(1))[0]?.subject).toBe('accepted');
  });

  it('times out with a clear message when too few messages arrive', async () => {
    sink.clear();
    await expect(sink.waitForMessages(1, 50)).rejects.toThrow('expected 1 messages, got 0 within 50 ms');
  });

  it('with parse: false keeps the envelope and the raw message only', async () => {
    const light = await startMailSink({ parse: false });
    try {
      await createTransport(light.url).sendMail({
        from: 'Roster <team@roster.test>',
        to: 'Ada <ada@example.com>',
        subject: 'raw only',
        text: 'plain body',
      });
      const [mail] = await light.waitForMessages(1);
      expect(mail).toMatchObject({ from: 'team@roster.test', to: ['ada@example.com'], subject: '' });
      expect(mail?.raw).toContain('Subject: raw only');
    } finally {
      await light.stop();
    }
  });
});
