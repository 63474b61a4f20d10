import { startMailSink } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport, type MailTransport } from '../mail-transport.ts';
import { buildMimeMessage, mimeTree, serializeMime, type MimeInput } from './mime-message.ts';
import { MAIL_TEMPLATES } from './registry.ts';
import { renderEmail } from './render-email.ts';

const LOCALES = ['en', 'de', 'fr', 'es', 'pt-br', 'it'];
const VARIABLES = {
  owner: 'Zoë Ångström',
  user: 'Jürgen Müller-Lüdenscheidt',
  team: 'Équipe «Ça va»',
  project: 'Roster',
  redirect: `https://app.example.com/accept?membershipId=m1&userId=u1&secret=${'ab'.repeat(32)}&teamId=t1`,
  otp: '123456',
  phrase: 'Brave Purple Otter',
  agentClient: 'Firefox 128',
  agentDevice: 'Desktop',
  agentOs: 'Linux',
  date: '2 décembre 2026',
  year: '2026',
  time: '10:00 UTC',
  device: 'Firefox on Linux',
  ipAddress: '127.0.0.1',
  country: 'Unknown',
};

function mail(overrides: Partial<MimeInput> = {}): MimeInput {
  return {
    from: 'Roster <noreply@roster.test>',
    to: { name: 'Jürgen Müller', address: 'juergen@example.com' },
    subject: 'Einladung',
    html: '<p>Hallo</p>',
    text: 'Hallo',
    messageId: '<invite.m1.v1@roster.test>',
    headers: { 'Content-Language': 'de' },
    ...overrides,
  };
}

/** Every built-in template in every locale, plus contents that take the other encodings. */
function samples(): MimeInput[] {
  const rendered = Object.values(MAIL_TEMPLATES).flatMap((template) =>
    LOCALES.map((locale) => {
      const email = renderEmail(template, { locale, overrides: {}, variables: VARIABLES });
      return mail({
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: { 'Content-Language': email.locale },
      });
    }),
  );
  return [
    ...rendered,
    // Mostly non-Latin: nodemailer picks base64 for both parts.
    mail({
      subject: '邀请加入团队',
      html: '<p>你好，欢迎加入团队。你好，欢迎加入团队。</p>',
      text: '你好，欢迎加入团队。'.repeat(20),
    }),
    // ASCII with short lines: 7bit, written as is; trailing whitespace and a lone CR.
    mail({
      subject: 'Plain',
      html: '<p>hi</p>  ',
      text: 'line one \r\nline two\t\rthree',
      to: { name: '', address: 'a@example.com' },
    }),
    // Long lines and characters QP must escape.
    mail({ text: `${'=x'.repeat(200)} ä\n.leading dot\n`, html: `<p>${'ü'.repeat(300)}</p>` }),
  ];
}

describe('buildMimeMessage', () => {
  it("writes nodemailer's own bytes for every template, locale and encoding", async () => {
    for (const input of samples()) {
      const root = mimeTree(input);
      const ours = serializeMime(root);
      const theirs = (await root.build()).toString('utf8');
      expect(ours, input.subject).toBe(theirs);
    }
  });

  it('takes the envelope and Message-ID from the message', () => {
    const message = buildMimeMessage(mail());
    expect(message.envelope).toEqual({ from: 'noreply@roster.test', to: ['juergen@example.com'] });
    expect(message.messageId).toBe('<invite.m1.v1@roster.test>');
  });

  describe('sent as raw through SMTP and parsed by mailparser', () => {
    let sink: Awaited<ReturnType<typeof startMailSink>>;
    let transport: MailTransport;
    beforeAll(async () => {
      sink = await startMailSink();
      transport = createMailTransport(sink.url);
    });
    afterAll(async () => {
      transport.close();
      await sink.stop();
    });

    it('arrives with the subject, both parts, the addresses and the headers it was given', async () => {
      const inputs = samples();
      for (const input of inputs) {
        const { envelope, raw } = buildMimeMessage(input);
        await transport.sendMail({ envelope, raw });
      }
      const received = await sink.waitForMessages(inputs.length, 10_000);
      inputs.forEach((input, index) => {
        const got = received[index]!;
        expect(got.subject).toBe(input.subject);
        expect(got.html).toBe(input.html);
        expect(got.text).toBe(input.text.replace(/\r\n?/g, '\n'));
        expect(got.to).toEqual([input.to.address]);
        expect(got.from).toBe('noreply@roster.test');
        expect(got.headers.get('message-id')).toBe(input.messageId);
        expect(got.headers.get('content-language')).toBe(input.headers['Content-Language']);
      });
    });
  });
});
