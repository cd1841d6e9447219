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

/** Folded non-ASCII characters, worked out once each: folding runs over every text of a listing. */
const FOLDED = new Map<string, string>();

/** One character (code point) as it is compared: lower case, no accents, one apostrophe and one hyphen. */
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
    return ch === '`' ? "'" : ch;
  }
  let f = FOLDED.get(ch);
  if (f === undefined) {
    if (APOSTROPHES.test(ch)) f = "'";
    else if (HYPHENS.test(ch)) f = '-';
    else {
      const lower = ch.toLowerCase();
      f = SPECIAL[lower] ?? lower.normalize('NFD').replace(/\p{M}/gu, '');
    }
    if (FOLDED.size < 10_000) FOLDED.set(ch, f);
  }
  return f;
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

/** Between the words of a name's form: a name's key is its words joined ("o suilleabhain" → "osuilleabhain"). */
const SEPARATOR = /[^\p{L}\p{N}]+/u;
/** What may stand between the words of one name in a text: an apostrophe, hyphen, space, ", " or ". ". */
const GAP = /^[\s'.,-]{0,2}$/u;

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
 *
 * The folded text is cut into words (runs of letters and digits, so every
 * match is of whole words); at each word the longest run of up to as many
 * words as the longest name, joined only by short separators, that is a
 * name's key is replaced. One pass over the words, whatever the number of
 * names: a listing runs this on every text of every incident.
 */
export function nameHider(names: readonly HiddenName[]): (text: string) => string {
  const byKey = new Map<string, string>();
  let longest = 1;
  for (const n of names)
    for (const form of n.forms) {
      const words = foldName(form).split(SEPARATOR).filter(Boolean);
      const key = words.join('');
      if (!key || byKey.has(key)) continue;
      byKey.set(key, n.replacement);
      longest = Math.max(longest, words.length);
    }
  if (byKey.size === 0) return (text) => text;
  return (text: string) => {
    const { folded, start, end } = foldWithMap(text);
    const words = [...folded.matchAll(/[\p{L}\p{N}]+/gu)];
    let out = '';
    let at = 0;
    for (let i = 0; i < words.length; i++) {
      let key = '';
      let found: { replacement: string; last: number } | null = null;
      for (let k = i; k < words.length && k < i + longest; k++) {
        if (k > i) {
          const gap = folded.slice(words[k - 1]!.index + words[k - 1]![0].length, words[k]!.index);
          if (!GAP.test(gap)) break;
        }
        key += words[k]![0];
        const replacement = byKey.get(key);
        if (replacement !== undefined) found = { replacement, last: k };
      }
      if (!found) continue;
      const first = words[i]!;
      const last = words[found.last]!;
      const from = start[first.index]!;
      const to = end[last.index + last[0].length - 1]!;
      out += text.slice(at, from) + found.replacement;
      at = to;
      i = found.last;
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
