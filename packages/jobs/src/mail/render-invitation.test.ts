import { describe, expect, it } from 'vitest';
import { BUILT_IN_LOCALES } from './locales/index.ts';
import { INVITATION_STRING_KEYS } from './invitation-strings.ts';
import { renderInvitationEmail, resolveStrings } from './render-invitation.ts';

const variables = {
  owner: 'Ada Lovelace',
  user: 'Charles',
  team: 'Engines',
  project: 'Roster',
  redirect: 'http://localhost:5173/accept?membershipId=m1&userId=u1&secret=abc&teamId=t1&teamName=Engines',
};

describe('renderInvitationEmail', () => {
  it('renders the Appwrite English strings in HTML and text', () => {
    const email = renderInvitationEmail({ locale: 'en', variables });
    expect(email.subject).toBe('Invitation to Engines Team at Roster');
    expect(email.html).toContain('Hello Charles,');
    expect(email.html).toContain(
      'This mail was sent to you because <strong>Ada Lovelace</strong> invited you to become a member of the <strong>Engines</strong> team at <strong>Roster</strong>.',
    );
    expect(email.html).toContain(
      '<a href="http://localhost:5173/accept?membershipId=m1&amp;userId=u1&amp;secret=abc&amp;teamId=t1&amp;teamName=Engines" class="button"',
    );
    expect(email.html).toContain('>Accept invite to Engines</a>');
    expect(email.html).toContain('Ada Lovelace invited you to join Engines at Roster');
    expect(email.html).toContain('Thanks,<br>Roster team');
    expect(email.text).toBe(
      [
        'Hello Charles,',
        'This mail was sent to you because Ada Lovelace invited you to become a member of the Engines team at Roster.',
        `Accept invite to Engines:\n${variables.redirect}`,
        'If you are not interested, you can ignore this message.',
        'Thanks,\nRoster team',
      ].join('\n\n') + '\n',
    );
  });

  it('escapes every value in the HTML, the link included; the text part stays literal', () => {
    const hostile = {
      owner: '<script>alert(1)</script>',
      user: 'Eve & "friends"',
      team: `<img src=x onerror='x'>`,
      project: 'P<b>',
      redirect: 'http://localhost/a?x="><script>1</script>',
    };
    const email = renderInvitationEmail({ locale: 'en', variables: hostile });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('Eve &amp; &quot;friends&quot;');
    expect(email.html).toContain('href="http://localhost/a?x=&quot;&gt;&lt;script&gt;1&lt;/script&gt;"');
    expect(email.text).toContain('Hello Eve & "friends",');
    expect(email.subject).toBe(`Invitation to <img src=x onerror='x'> Team at P<b>`);
  });

  it('keeps names with line breaks on one subject line', () => {
    const email = renderInvitationEmail({ locale: 'en', variables: { ...variables, team: 'A\r\nBcc: x@y' } });
    expect(email.subject).toBe('Invitation to A Bcc: x@y Team at Roster');
  });

  it.each([
    ['de', 'Einladung zum Engines-Team auf Roster', 'Hallo Charles,'],
    ['fr', 'Invitation à rejoindre l’équipe Engines sur Roster', 'Bonjour Charles,'],
    ['es', 'Invitación al equipo Engines en Roster', 'Hola, Charles:'],
    ['pt-BR', 'Convite para a equipe Engines em Roster', 'Olá, Charles,'],
    ['pt_br', 'Convite para a equipe Engines em Roster', 'Olá, Charles,'],
    ['it', 'Invito al team Engines su Roster', 'Ciao Charles,'],
    ['de-AT', 'Einladung zum Engines-Team auf Roster', 'Hallo Charles,'],
    ['pt', 'Convite para a equipe Engines em Roster', 'Olá, Charles,'],
    ['xx', 'Invitation to Engines Team at Roster', 'Hello Charles,'],
  ])('locale %s: subject and greeting', (locale, subject, hello) => {
    const email = renderInvitationEmail({ locale, variables });
    expect(email.subject).toBe(subject);
    expect(email.text.split('\n')[0]).toBe(hello);
  });

  it('ships every key for every built-in locale, with the same variables as English', () => {
    const tokens = (value: string) => [...value.matchAll(/\{\{\s*(\/?\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    const english = BUILT_IN_LOCALES.en!;
    for (const [locale, strings] of Object.entries(BUILT_IN_LOCALES)) {
      for (const key of INVITATION_STRING_KEYS) {
        expect(strings[key], `${locale}.${key}`).toBeTypeOf('string');
        expect(tokens(strings[key]!), `${locale}.${key}`).toEqual(tokens(english[key]!));
      }
    }
  });

  it('falls back to English per missing key, and an owner override wins per key and locale', () => {
    const overrides = {
      de: { subject: 'Du bist eingeladen: {{team}}' },
      en: { footer: 'Questions? Reply to this email.' },
      xx: { hello: 'Hi {{user}}!' },
    };
    const german = renderInvitationEmail({ locale: 'de', variables, overrides });
    expect(german.subject).toBe('Du bist eingeladen: Engines');
    expect(german.text).toContain('Hallo Charles,');
    // A built-in translation beats the English override for the same key.
    expect(german.text).toContain('Falls du kein Interesse hast');
    const unknown = renderInvitationEmail({ locale: 'xx', variables, overrides });
    expect(unknown.text.split('\n')[0]).toBe('Hi Charles!');
    expect(unknown.subject).toBe('Invitation to Engines Team at Roster');
    expect(unknown.text).toContain('Questions? Reply to this email.');
  });

  it('renders right-to-left when the locale says so', () => {
    const { strings } = resolveStrings('ar', { ar: { direction: 'rtl', hello: 'مرحبا {{user}}،' } });
    expect(strings.direction).toBe('rtl');
    const email = renderInvitationEmail({ locale: 'ar', variables, overrides: { ar: { direction: 'rtl' } } });
    expect(email.html).toContain('<html lang="ar" dir="rtl">');
  });
});
