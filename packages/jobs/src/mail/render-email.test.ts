import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKnownToken, templateTokens } from './fill-template.ts';
import { MAIL_TEMPLATES } from './registry.ts';
import { renderEmail } from './render-email.ts';
import { loadMailOverrides, TemplateConfigError } from './template-overrides.ts';

const LOCALES = ['en', 'de', 'fr', 'es', 'pt-br', 'it'];
const agent = { agentClient: 'Firefox 128', agentDevice: 'Desktop', agentOs: 'Linux' };
const link = 'https://app.example.com/verify?userId=u1&secret=s3cr3t';

describe('the built-in templates', () => {
  it('every kind has all six locales, each complete, using only its own variables', () => {
    for (const [kind, template] of Object.entries(MAIL_TEMPLATES)) {
      expect(Object.keys(template.locales).sort(), kind).toEqual([...LOCALES].sort());
      expect(template.keys, kind).toEqual(expect.arrayContaining(['subject', 'preview']));
      for (const locale of LOCALES) {
        const strings = (template.locales as Record<string, Record<string, string | undefined>>)[locale]!;
        for (const key of template.keys) {
          const value = strings[key];
          expect(value, `${kind} ${locale} ${key}`).toBeTruthy();
          const tokens = templateTokens(value!);
          expect(
            tokens.filter((token) => !isKnownToken(token, template.variables)),
            `${kind} ${locale} ${key}`,
          ).toEqual([]);
          expect(tokens.filter((token) => token === 'b').length).toBe(
            tokens.filter((token) => token === '/b').length,
          );
        }
      }
    }
  });
});

describe('renderEmail, each new kind in two locales', () => {
  it('verification: English as Appwrite, German translated; the link in the button and the text', () => {
    const variables = { user: 'Ada', project: 'Roster', redirect: link };
    const en = renderEmail(MAIL_TEMPLATES.verification, { locale: 'en', variables });
    expect(en.subject).toBe('Account Verification for Roster');
    expect(en.html).toContain(
      'Follow this link to verify your email address to your <strong>Roster</strong> account.',
    );
    expect(en.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    expect(en.text).toContain(`Confirm email address:\n${link}`);
    const de = renderEmail(MAIL_TEMPLATES.verification, { locale: 'de-DE', variables });
    expect(de).toMatchObject({ locale: 'de', subject: 'Kontobestätigung für Roster' });
    expect(de.text).toContain(`E-Mail-Adresse bestätigen:\n${link}`);
  });

  it('recovery: English and French', () => {
    const variables = { user: 'Ada', project: 'Roster', redirect: link };
    const en = renderEmail(MAIL_TEMPLATES.recovery, { locale: 'en', variables });
    expect(en.subject).toBe('Password Reset for Roster');
    expect(en.text).toContain(`Reset password:\n${link}`);
    const fr = renderEmail(MAIL_TEMPLATES.recovery, { locale: 'fr', variables });
    expect(fr.subject).toBe('Réinitialisation du mot de passe Roster');
    expect(fr.html).toContain('Réinitialiser le mot de passe</a>');
  });

  it('magic URL: the link twice in HTML (button and spelled out), the phrase only when there is one', () => {
    const base = { user: 'Ada', project: 'Roster', redirect: link, ...agent };
    const en = renderEmail(MAIL_TEMPLATES['magic-url'], { locale: 'en', variables: { ...base, phrase: '' } });
    expect(en.subject).toBe('Roster Login');
    expect(en.html.split(`href="${link.replace(/&/g, '&amp;')}"`)).toHaveLength(3);
    expect(en.html).toContain(
      '<strong>Firefox 128</strong> on <strong>Desktop</strong> <strong>Linux</strong>',
    );
    expect(en.html).not.toContain('Security phrase');
    expect(en.text).not.toContain('please visit the following link');
    const es = renderEmail(MAIL_TEMPLATES['magic-url'], {
      locale: 'es',
      variables: { ...base, phrase: 'Brave Otter' },
    });
    expect(es.subject).toBe('Inicio de sesión en Roster');
    expect(es.html).toContain('La frase de seguridad de este correo es <strong>Brave Otter</strong>.');
    expect(es.text).toContain(`Iniciar sesión en Roster:\n${link}`);
  });

  it('email OTP: the code in both parts, in English and Brazilian Portuguese', () => {
    const variables = { user: 'Ada', project: 'Roster', otp: '123456', phrase: '', ...agent };
    const en = renderEmail(MAIL_TEMPLATES.otp, { locale: 'en', variables });
    expect(en.subject).toBe('OTP for Roster Login');
    expect(en.html).toMatch(/<p style="[^"]*letter-spacing[^"]*">123456<\/p>/);
    expect(en.text).toContain('\n\n123456\n\n');
    const pt = renderEmail(MAIL_TEMPLATES.otp, { locale: 'pt', variables });
    expect(pt).toMatchObject({ locale: 'pt-br', subject: 'Código de login no Roster' });
    expect(pt.html).toContain('Use o código 123456 para entrar no Roster.');
  });

  it('MFA challenge: English and Italian, every value escaped', () => {
    const variables = {
      user: '<Ada>',
      project: 'Roster',
      otp: '654321',
      ...agent,
      agentClient: '"><script>',
    };
    const en = renderEmail(MAIL_TEMPLATES['mfa-challenge'], { locale: 'en', variables });
    expect(en.subject).toBe('Verification Code for Roster');
    expect(en.html).toContain('Hello &lt;Ada&gt;,');
    expect(en.html).not.toContain('<script>');
    expect(en.text).toContain('Hello <Ada>,');
    const italian = renderEmail(MAIL_TEMPLATES['mfa-challenge'], { locale: 'it', variables });
    expect(italian.subject).toBe('Codice di verifica per Roster');
    expect(italian.text).toContain('654321');
  });
});

describe('loadMailOverrides', () => {
  it("reads the invitation's files at the top and another kind's in its sub-folder, with its variables", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-mail-templates-'));
    try {
      await writeFile(join(dir, 'en.json'), JSON.stringify({ subject: 'Join {{team}}' }));
      await mkdir(join(dir, 'otp'));
      await writeFile(join(dir, 'otp', 'de.json'), JSON.stringify({ subject: 'Dein Code: {{otp}}' }));
      const overrides = await loadMailOverrides(dir, MAIL_TEMPLATES);
      expect(overrides.invitation).toEqual({ en: { subject: 'Join {{team}}' } });
      expect(overrides.otp).toEqual({ de: { subject: 'Dein Code: {{otp}}' } });
      expect(overrides.recovery).toBeUndefined();
      const email = renderEmail(MAIL_TEMPLATES.otp, {
        locale: 'de',
        overrides: overrides.otp!,
        variables: { user: 'Ada', project: 'Roster', otp: '111222', phrase: '', ...agent },
      });
      expect(email.subject).toBe('Dein Code: 111222');

      // {{team}} is an invitation variable, not an OTP one.
      await writeFile(join(dir, 'otp', 'fr.json'), JSON.stringify({ subject: '{{team}}' }));
      await expect(loadMailOverrides(dir, MAIL_TEMPLATES)).rejects.toThrow(TemplateConfigError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
