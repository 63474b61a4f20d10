import { MATCH_NOTHING, type MongoFilter } from './mongo.ts';
import { escapeRegex } from './regex.ts';

/**
 * The characters Appwrite's fulltext search turns into spaces
 * (docs/appwrite-compatibility.md#queries-search-and-pages).
 */
const RESERVED = /[@+\-*()<>~"]/g;
/** A word starts at the beginning or after a character that is not a letter, digit or `_`. */
const WORD_START = '(?:^|[^\\p{L}\\p{N}_])';
const WORD_END = '(?:$|[^\\p{L}\\p{N}_])';
const BETWEEN_WORDS = '[^\\p{L}\\p{N}_]+';

/**
 * The `search` parameter as a filter on the stored `search` field. Appwrite runs a MySQL fulltext
 * search; without text indexes (FerretDB) Roster matches words with a case-insensitive RE2-safe
 * regex instead: any word of the input (OR) at the start of a stored word. Input wrapped in double
 * quotes is one exact phrase of whole words (separated by anything but letters and digits, as
 * MySQL tokenizes). Input with no word left matches nothing.
 */
export function searchFilter(search: string, field = 'search'): MongoFilter {
  const exact = search.length > 1 && search.startsWith('"') && search.endsWith('"');
  const words = search.replace(RESERVED, ' ').split(/\s+/).filter(Boolean).map(escapeRegex);
  if (words.length === 0) return MATCH_NOTHING;
  const pattern = exact
    ? `${WORD_START}${words.join(BETWEEN_WORDS)}${WORD_END}`
    : `${WORD_START}(?:${words.join('|')})`;
  return { [field]: { $regex: pattern, $options: 'i' } };
}
