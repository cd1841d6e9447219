/**
 * Hide names: a listing's text with the pupils' and staff's names replaced,
 * so it can go to someone who must not learn who else was involved (a child
 * protection conference, another school). The subject pupil's names become
 * "[Student]", each linked pupil's "[Linked student n]", a member of staff's
 * their role ("[DSL]").
 *
 * Matching is on whole words, ignoring case and accents: "ŁUKASZ", "Lukasz"
 * and "łukasz" are the same word, a name inside punctuation ("(Tom)",
 * "Tom's") is found, "Tomas" is not "Tom". Apostrophes, hyphens and spaces
 * inside a name are interchangeable ("O'Suilleabhain", "Ó Súilleabháin").
 * The longest name wins where several start at one place, so "Łukasz Żółć"
 * is one "[Student]", not two.
 *
 * `markNames` finds words of the text that are some other pupil's name, so
 * the enquiry view can highlight them for the person to check before the
 * file leaves the school.
 *
 * Pure module.
 */

/** Letters that do not decompose into a base letter and a mark under NFD. */
const SPECIAL: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ŀ: 'l',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
};
const APOSTROPHES = /['’‘ʼ`´]/u;
const HYPHENS = /[-‐‑‒–]/u;

/** One character (code point) as it is compared: lower case, no accents, one apostrophe and one hyphen. */
function foldChar(ch: string): string {
  if (APOSTROPHES.test(ch)) return "'";
  if (HYPHENS.test(ch)) return '-';
  const lower = ch.toLowerCase();
  const special = SPECIAL[lower];
  if (special) return special;
  return lower.normalize('NFD').replace(/\p{M}/gu, '');
}

/** A whole string folded, for comparing names. */
export function foldName(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/** The folded text and, for each of its UTF-16 units, where its character starts and ends in the original. */
function foldWithMap(text: string): { folded: string; start: number[]; end: number[] } {
  let folded = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) {
      start.push(i);
      end.push(i + ch.length);
    }
    folded += f;
    i += ch.length;
  }
  return { folded, start, end };
}

const SEPARATOR = /[\s'.,-]+/u;
/** A name's key: folded, with its inner separators taken out ("o suilleabhain" → "osuilleabhain"). */
const keyOf = (folded: string) => folded.split(SEPARATOR).join('');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name as a pattern over folded text: any apostrophe, hyphen or space where the name has one. */
const patternOf = (folded: string) => folded.split(SEPARATOR).filter(Boolean).map(escape).join("[\\s'.,-]{0,2}");

/** A word that could stand for a person on its own: at least two letters. */
const isNameWord = (part: string) => [...part.replace(/[^\p{L}]/gu, '')].length >= 2;

export interface NamedPerson {
  forenames: readonly string[];
  surnames: readonly string[];
}

/** Every way a pupil may be written: whole names in either order, and each part of each name. */
export function pupilNameForms(p: NamedPerson, parts = true): string[] {
  const forms = new Set<string>();
  for (const f of p.forenames)
    for (const s of p.surnames) {
      if (f.trim() && s.trim()) {
        forms.add(`${f} ${s}`);
        forms.add(`${s} ${f}`);
        forms.add(`${s}, ${f}`);
      }
    }
  if (parts)
    for (const name of [...p.forenames, ...p.surnames]) {
      if (!name.trim()) continue;
      forms.add(name);
      // "Mary-Jane" is also "Mary" and "Jane"; "Ní Bhriain" also "Bhriain".
      for (const part of name.split(/[\s\-‐‑]+/u)) forms.add(part);
    }
  return [...forms].filter(isNameWord);
}

const TITLES = ['Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Dr', 'Sir'];

/**
 * Every way a member of staff is usually written: the whole display name, and
 * title with surname ("Mr Hughes"). A surname or forename alone is left:
 * staff surnames are often ordinary words ("Brown", "Young").
 */
export function staffNameForms(displayName: string): string[] {
  const words = displayName.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [];
  const forms = new Set<string>([words.join(' ')]);
  const surname = words.at(-1)!;
  if (words.length > 1) {
    forms.add(`${words[0]} ${surname}`);
    for (const t of TITLES) {
      forms.add(`${t} ${surname}`);
      forms.add(`${t}. ${surname}`);
    }
  }
  return [...forms].filter(isNameWord);
}

/** One replacement: every form of the name becomes `replacement`. */
export interface HiddenName {
  forms: readonly string[];
  replacement: string;
}

/**
 * Builds the replacer once for a set of names. The first entry to claim a
 * form keeps it: put the subject pupil first, then linked pupils, then staff.
 */
export function nameHider(names: readonly HiddenName[]): (text: string) => string {
  const byKey = new Map<string, string>();
  const patterns = new Map<string, string>();
  for (const n of names)
    for (const form of n.forms) {
      const folded = foldName(form).trim();
      const key = keyOf(folded);
      if (!key || byKey.has(key)) continue;
      byKey.set(key, n.replacement);
      patterns.set(key, patternOf(folded));
    }
  if (byKey.size === 0) return (text) => text;
  // Longest first: at one position the alternation takes the first that matches.
  const alternatives = [...patterns.entries()].sort((x, y) => y[0].length - x[0].length).map(([, p]) => p);
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return (text: string) => {
    const { folded, start, end } = foldWithMap(text);
    let out = '';
    let at = 0;
    for (const m of folded.matchAll(re)) {
      const from = start[m.index]!;
      const to = end[m.index + m[0].length - 1]!;
      // A match must begin and end on whole characters of the original (ß folds to two letters).
      if (from < at) continue;
      const replacement = byKey.get(keyOf(m[0]));
      if (replacement === undefined) continue;
      out += text.slice(at, from) + replacement;
      at = to;
    }
    return out + text.slice(at);
  };
}

/** A piece of text, marked when it is a word that is some pupil's name. */
export interface TextPiece {
  text: string;
  marked: boolean;
}

/** The folded words (each part of each name) that `markNames` looks for. */
export function nameWords(names: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const name of names)
    for (const part of foldName(name).split(/[\s-]+/u)) {
      const word = part.replace(/^'+|'+$/g, '');
      if (isNameWord(word)) words.add(word);
    }
  return words;
}

/**
 * The text cut into pieces, the words found in `words` marked. A word is a
 * run of letters with inner apostrophes; "Jack's" is marked as "Jack".
 */
export function markNames(text: string, words: ReadonlySet<string>): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  const push = (t: string, marked: boolean) => {
    if (!t) return;
    const last = pieces.at(-1);
    if (last && last.marked === marked && !marked) last.text += t;
    else pieces.push({ text: t, marked });
  };
  for (const m of text.matchAll(/[\p{L}\p{M}]+(?:['’‘ʼ][\p{L}\p{M}]+)*/gu)) {
    const word = m[0];
    const folded = foldName(word);
    const possessive = /'s$/.test(folded) ? folded.slice(0, -2) : null;
    const hit = words.has(folded) ? word : possessive && words.has(possessive) ? word.slice(0, -2) : null;
    if (!hit) continue;
    push(text.slice(at, m.index), false);
    push(hit, true);
    at = m.index + hit.length;
  }
  push(text.slice(at), false);
  return pieces;
}
