/**
 * Whether a new password is acceptable (NIST SP 800-63B): long enough, not
 * easy to guess, no composition rules ("one capital, one symbol") because they
 * push people to "Password1!" rather than to something strong.
 *
 * Messages are read by teachers on a phone: plain words, one thing to do.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

export const MIN_PASSWORD_LENGTH = 12;
/** Longer than NIST's minimum of 64 so long passphrases fit; a bound stops megabyte "passwords". */
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn score 3: "safely unguessable", about 10^8 guesses or more. */
const MIN_SCORE = 3;
/** Personal words shorter than this are left to zxcvbn's own user-input matching. */
const MIN_PERSONAL_TOKEN = 4;

export type PasswordCheck = { ok: true } | { ok: false; message: string };

// zxcvbn's English warnings are already plain; these two are not.
const translations = {
  ...zxcvbnEn.translations,
  warnings: {
    ...zxcvbnEn.translations.warnings,
    userInputs: "It contains your name, your email address or your school's name.",
    pwned: 'This password has appeared in a data breach.',
  },
};

let factory: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take a moment to load and most imports never check a password. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    // Levenshtein matching makes one check take ~0.5 s of server CPU for little gain.
    useLevenshteinDistance: false,
  });
  return factory;
}

export function checkNewPassword(plain: string, userInputs: string[]): PasswordCheck {
  const password = plain.normalize('NFC');
  const length = [...password].length; // code points: an emoji is one character to the person typing it
  if (length < MIN_PASSWORD_LENGTH) {
    return { ok: false, message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return { ok: false, message: `Use no more than ${MAX_PASSWORD_LENGTH} characters.` };
  }

  const personal = personalWords(userInputs);
  const result = zxcvbn().check(password, personal);
  if (result.score < MIN_SCORE) {
    return { ok: false, message: tooEasy(result) };
  }

  // zxcvbn gives every extra word a floor of guesses, so "janesmithnorthfield"
  // scores 3 even when all three words are the user's own. Someone targeting
  // this person knows those words, so what is left without them must be strong
  // by itself.
  const remainder = withoutPersonalWords(password, personal);
  if (remainder !== null && zxcvbn().check(remainder, personal).score < MIN_SCORE) {
    return {
      ok: false,
      message:
        "This password is too easy to guess: it is mostly your name, your email address or your school's name. " +
        'Add a few unrelated words that are not about you or your school.',
    };
  }
  return { ok: true };
}

function tooEasy(result: ZxcvbnResult): string {
  const warning = result.feedback.warning;
  const suggestion =
    result.feedback.suggestions[0] ??
    'Try a short sentence of four or five unrelated words that only you would think of.';
  const reason = warning ? lowerFirst(warning) : 'it follows a pattern that is common in passwords.';
  return `This password is too easy to guess: ${reason} ${suggestion}`;
}

function lowerFirst(sentence: string): string {
  // Leave acronyms alone ("PIN"), lower an ordinary first word ("This" → "this").
  return /^[A-Z][a-z]/.test(sentence) ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence;
}

/**
 * The user's details as zxcvbn user inputs: each value whole ("jane.smith@x.sch.uk")
 * and each word in it ("jane", "smith"), since a password mixes them up.
 */
function personalWords(userInputs: string[]): string[] {
  const words = new Set<string>();
  for (const input of userInputs) {
    const value = input.normalize('NFC').trim().toLowerCase();
    if (!value) continue;
    words.add(value);
    const at = value.indexOf('@');
    if (at > 0) words.add(value.slice(0, at));
    for (const part of value.split(/[^\p{L}\p{N}]+/u)) {
      if ([...part].length >= 3) words.add(part);
    }
  }
  return [...words];
}

/** The password with every personal word of 4+ characters cut out, or null if it contains none. */
function withoutPersonalWords(password: string, personal: string[]): string | null {
  const tokens = personal.filter((w) => [...w].length >= MIN_PERSONAL_TOKEN).sort((a, b) => b.length - a.length); // longest first, so "northfield" goes before "north"
  let rest = password.toLowerCase();
  let removed = false;
  for (const token of tokens) {
    if (rest.includes(token)) {
      rest = rest.split(token).join(' ');
      removed = true;
    }
  }
  return removed ? rest : null;
}
