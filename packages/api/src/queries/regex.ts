/**
 * `text` as a literal inside a regular expression. Only metacharacters are escaped, each with a
 * backslash before punctuation, which RE2 (FerretDB), PCRE (MongoDB) and JavaScript all read as
 * the literal character.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}
