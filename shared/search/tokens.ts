// Words as the search index sees them: SQLite's unicode61 tokenizer splits on everything that is
// not a letter, digit or mark, folds case and (remove_diacritics 2) strips accents. Query words are
// cut the same way, so "CAR-T" looks for the tokens "car" "t" side by side, as the index holds them.

/** The index's tokenizer options; the worker creates its table with exactly these. */
export const TOKENIZER = 'unicode61 remove_diacritics 2';

/** The tokens of `text`, lowercased and without accents. */
export function searchTokens(text: string): string[] {
  const folded = text.normalize("NFD").replace(/\p{M}+/gu, '').toLowerCase();
  return folded.split(/[^\p{L}\p{N}]+/u).filter((token) => token !== '');
}
