import { escapeHtml } from './escape-html.ts';
import { fillTemplate } from './fill-template.ts';
import {
  type AnyMailTemplate,
  type MailBlock,
  type PartialStrings,
  type TemplateStrings,
} from './template.ts';
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
function candidates(locale: string, known: readonly string[]): string[] {
  const code = locale.trim().toLowerCase().replace(/_/g, '-');
  const language = code.split('-')[0] ?? code;
  const sibling = known.find((entry) => entry.startsWith(`${language}-`));
  return [...new Set([code, language, ...(sibling ? [sibling] : [])])];
}

/**
 * A template's strings for a locale, key by key: for each candidate locale the owner's file, then
 * the built-in translation; English (the owner's, then ours) last. A partial translation or
 * override therefore falls back one key at a time. `locale` is the first candidate that had anything.
 */
export function resolveTemplateStrings(
  template: AnyMailTemplate,
  locale: string,
  overrides: TemplateOverrides = {},
): { strings: TemplateStrings; locale: string } {
  const builtIn: Readonly<Record<string, PartialStrings | undefined>> = template.locales;
  const codes = candidates(locale, Object.keys(builtIn));
  const english = template.locales.en;
  const chain = [...codes.flatMap((code) => [overrides[code], builtIn[code]]), overrides.en, english].filter(
    (source): source is PartialStrings => source !== undefined,
  );
  const pick = (key: string): string =>
    chain.find((source) => source[key] !== undefined)?.[key] ?? english[key] ?? '';
  const strings = Object.fromEntries(template.keys.map((key) => [key, pick(key)])) as TemplateStrings;
  strings.direction = chain.find((source) => source.direction !== undefined)?.direction ?? 'ltr';
  const used = codes.find((code) => builtIn[code] ?? overrides[code]);
  return { strings, locale: used ?? 'en' };
}

/** One line for a header: no line breaks from names, runs of whitespace collapsed. */
function headerText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

const PARAGRAPH = 'margin:0 0 16px;font-size:15px;line-height:1.6;color:#1f2933;';
const BUTTON =
  'display:inline-block;padding:12px 20px;border-radius:6px;background:#2563eb;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none;';
const CODE =
  'margin:24px 0;font-size:28px;font-weight:700;letter-spacing:6px;font-family:ui-monospace,Menlo,Consolas,monospace;color:#1f2933;';

/**
 * Any kind's email in a locale: an HTML part (a plain, inline-styled layout that mail clients
 * render alike: hidden preheader, then the template's blocks in a card) and a plain-text part with
 * links spelled out. Every value is escaped in the HTML, links too; `{{b}}…{{/b}}` is the only markup
 * a string can make.
 */
export function renderEmail(
  template: AnyMailTemplate,
  input: { locale: string; variables: Readonly<Record<string, string>>; overrides?: TemplateOverrides },
): RenderedEmail {
  const { strings, locale } = resolveTemplateStrings(template, input.locale, input.overrides);
  const { variables } = input;
  const value = (name: string) => variables[name] ?? '';
  const html = (key: string) => fillTemplate(strings[key] ?? '', variables, 'html');
  const text = (key: string) => fillTemplate(strings[key] ?? '', variables, 'text');

  const htmlBlock = (block: MailBlock): string | undefined => {
    if ('paragraph' in block) {
      if (block.when !== undefined && !value(block.when)) return undefined;
      return `<p style="${PARAGRAPH}">${html(block.paragraph)}</p>`;
    }
    if ('button' in block) {
      return `<p style="margin:24px 0;"><a href="${escapeHtml(value(block.href))}" class="button" style="${BUTTON}">${html(block.button)}</a></p>`;
    }
    if ('url' in block) {
      const link = escapeHtml(value(block.url));
      return `<p style="${PARAGRAPH}word-break:break-all;"><a href="${link}" style="color:#2563eb;">${link}</a></p>`;
    }
    if ('code' in block) return `<p style="${CODE}">${escapeHtml(value(block.code))}</p>`;
    return `<p style="${PARAGRAPH}">${html(block.closing[0])}<br>${html(block.closing[1])}</p>`;
  };
  const textBlock = (block: MailBlock): string | undefined => {
    if ('paragraph' in block) {
      if (block.htmlOnly || (block.when !== undefined && !value(block.when))) return undefined;
      return text(block.paragraph);
    }
    if ('button' in block) return `${text(block.button)}:\n${value(block.href)}`;
    if ('url' in block) return block.htmlOnly ? undefined : value(block.url);
    if ('code' in block) return value(block.code);
    return `${text(block.closing[0])}\n${text(block.closing[1])}`;
  };
  const defined = (parts: (string | undefined)[]) => parts.filter((part) => part !== undefined);

  const subject = headerText(text('subject'));
  const direction = strings.direction;
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
${defined(template.body.map(htmlBlock)).join('\n')}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  const textBody = defined(template.body.map(textBlock)).join('\n\n');
  return { subject, html: htmlBody, text: `${textBody}\n`, locale };
}
