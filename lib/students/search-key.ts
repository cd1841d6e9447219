/**
 * Folding names for search: "Zoë O'Brien" and "zoe obrien" must meet. Lower
 * case, accents removed (including letters Unicode does not decompose, such as
 * Ł and ø), apostrophes and other punctuation inside a name dropped, so
 * "obrien" finds O'Brien and "ni bhriain" finds Ní Bhriain. The importer stores
 * the folded form (students.search_key) and search folds what the user typed
 * the same way, so both sides always agree.
 *
 * Pure module, safe in the browser.
 */

// Letters NFD leaves whole.
const EXTRA: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

/** One name or a typed query, folded. Words stay separated by single spaces. */
export function foldForSearch(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[łđðøæœßþıħ]/g, (ch) => EXTRA[ch] ?? ch)
      // Apostrophes, hyphens and dots join the parts of one name ("O'Brien", "Smith-Jones", "St.").
      .replace(/['’‘`.\-]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** The stored search key of a pupil: every distinct name, legal and preferred, folded. */
export function studentSearchKey(names: {
  legalForename: string;
  legalSurname: string;
  preferredForename: string;
  preferredSurname: string;
}): string {
  const words = [names.legalForename, names.legalSurname, names.preferredForename, names.preferredSurname]
    .map(foldForSearch)
    .join(' ')
    .split(' ')
    .filter(Boolean);
  return [...new Set(words)].join(' ');
}

/** The words of a query, folded; empty when nothing searchable was typed. */
export function searchTerms(query: string): string[] {
  return [...new Set(foldForSearch(query).split(' ').filter(Boolean))].slice(0, 6);
}
