import { type InvitationStrings } from '../invitation-strings.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { ptBr } from './pt-br.ts';

/** Built-in translations by lower-case locale code; English is complete and the fallback. */
export const BUILT_IN_LOCALES: Readonly<Record<string, Partial<InvitationStrings>>> = {
  en,
  de,
  fr,
  es,
  'pt-br': ptBr,
  it,
};

export { en as ENGLISH };
