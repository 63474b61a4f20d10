/**
 * What an email kind's template is (docs/mail.md#adding-an-email-kind): its string keys, the
 * variables its strings may use, its translations and the order of its body's blocks. One renderer
 * (render-email.ts) turns any template into the same HTML layout and plain-text part, so a new kind
 * writes strings, not markup.
 */

/** Writing direction (Appwrite's `settings.direction`). */
export type Direction = 'ltr' | 'rtl';

/** A kind's strings in one locale: every key, and the direction. */
export type TemplateStrings<K extends string = string> = Record<K, string> & { direction: Direction };

/** One locale's translation, or an owner's override of it: any of the keys. */
export type PartialStrings<K extends string = string> = Partial<Record<K, string>> & {
  direction?: Direction;
};

/** One block of the body, in order. `K` are string keys, `V` variables. */
export type MailBlock<K extends string = string, V extends string = string> =
  /** A paragraph of string `K`; left out when variable `when` is empty, or from the text part if `htmlOnly`. */
  | { paragraph: K; when?: V; htmlOnly?: boolean }
  /** A button labelled `K` to the link in variable `href`; the text part spells the link out. */
  | { button: K; href: V }
  /** The link in variable `url`, written out (under a button, for clients that hide it). */
  | { url: V; htmlOnly?: boolean }
  /** A code to type (an OTP), large and spaced. */
  | { code: V }
  /** Two strings on two lines of one paragraph ("Thanks," / "the team"). */
  | { closing: readonly [K, K] };

export interface MailTemplate<K extends string = string, V extends string = string> {
  /** Every string key; `subject` and `preview` are required (the subject line, the inbox preview). */
  keys: readonly K[];
  /** The `{{variables}}` its strings may use (besides `{{b}}…{{/b}}` for bold). */
  variables: readonly V[];
  /** Built-in translations by lower-case locale code; `en` is complete and the last fallback. */
  locales: { readonly en: TemplateStrings<K> } & Readonly<Record<string, PartialStrings<K>>>;
  body: readonly MailBlock<K, V>[];
}

/** Loosens a typed template to the shape the renderer and the override loader take. */
export type AnyMailTemplate = MailTemplate<string, string>;
