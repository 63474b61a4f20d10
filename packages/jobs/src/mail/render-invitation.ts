import { escapeHtml } from './escape-html.ts';
import { fillTemplate } from './fill-template.ts';
import {
  INVITATION_STRING_KEYS,
  type InvitationStrings,
  type InvitationVariables,
} from './invitation-strings.ts';
import { BUILT_IN_LOCALES, ENGLISH } from './locales/index.ts';
import { type TemplateOverrides } from './template-overrides.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The locale whose strings were used first (`en` when the requested one is unknown). */
  locale: string;
}

/**
 * The locale codes to look in, most specific first: the requested one, its bare language, and a
 * regional variant we ship for that language (`pt` → `pt-br`).
 */
function candidates(locale: string): string[] {
  const code = locale.trim().toLowerCase().replace(/_/g, '-');
  const language = code.split('-')[0] ?? code;
  const sibling = Object.keys(BUILT_IN_LOCALES).find((known) => known.startsWith(`${language}-`));
  return [...new Set([code, language, ...(sibling ? [sibling] : [])])];
}

/**
 * The strings for a locale, key by key: for each candidate locale the owner's file, then the
 * built-in translation; English (the owner's, then ours) last. A partial translation or override
 * therefore falls back one key at a time. `locale` is the first candidate that had anything.
 */
export function resolveStrings(
  locale: string,
  overrides: TemplateOverrides = {},
): { strings: InvitationStrings; locale: string } {
  const codes = candidates(locale);
  const chain = [
    ...codes.flatMap((code) => [overrides[code], BUILT_IN_LOCALES[code]]),
    overrides.en,
    ENGLISH,
  ].filter((source): source is Partial<InvitationStrings> => source !== undefined);
  const pick = <K extends keyof InvitationStrings>(key: K): InvitationStrings[K] =>
    chain.find((source) => source[key] !== undefined)?.[key] ?? ENGLISH[key];
  const strings = Object.fromEntries(
    [...INVITATION_STRING_KEYS, 'direction' as const].map((key) => [key, pick(key)]),
  ) as InvitationStrings;
  const used = codes.find((code) => BUILT_IN_LOCALES[code] ?? overrides[code]);
  return { strings, locale: used ?? 'en' };
}

/** One line for a header: no line breaks from names, runs of whitespace collapsed. */
function headerText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * The invitation email in the membership's locale: an HTML part (a plain, inline-styled layout that
 * mail clients render alike: hidden preheader, greeting, body, button, footer, signature) and a
 * plain-text part with the link spelled out. Every value is escaped in the HTML, the link too.
 */
export function renderInvitationEmail(input: {
  locale: string;
  variables: InvitationVariables;
  overrides?: TemplateOverrides;
}): RenderedEmail {
  const { strings, locale } = resolveStrings(input.locale, input.overrides);
  const { variables } = input;
  const html = (key: keyof Omit<InvitationStrings, 'direction'>) =>
    fillTemplate(strings[key], variables, 'html');
  const text = (key: keyof Omit<InvitationStrings, 'direction'>) =>
    fillTemplate(strings[key], variables, 'text');

  const subject = headerText(text('subject'));
  const link = escapeHtml(variables.redirect);
  const direction = strings.direction;
  const paragraph = 'margin:0 0 16px;font-size:15px;line-height:1.6;color:#1f2933;';
  const htmlBody = `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}" dir="${direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body dir="${direction}" style="margin:0;padding:0;background:#f4f5f7;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${html('preview')}${'&#847;&zwnj;&nbsp;'.repeat(40)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:32px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;text-align:${direction === 'rtl' ? 'right' : 'left'};">
<p style="${paragraph}">${html('hello')}</p>
<p style="${paragraph}">${html('body')}</p>
<p style="margin:24px 0;"><a href="${link}" class="button" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#2563eb;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none;">${html('buttonText')}</a></p>
<p style="${paragraph}">${html('footer')}</p>
<p style="${paragraph}">${html('thanks')}<br>${html('signature')}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  const textBody = [
    text('hello'),
    text('body'),
    `${text('buttonText')}:\n${variables.redirect}`,
    text('footer'),
    `${text('thanks')}\n${text('signature')}`,
  ].join('\n\n');
  return { subject, html: htmlBody, text: `${textBody}\n`, locale };
}
