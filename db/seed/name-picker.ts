/** Draws names from the pools in names.ts, resolving mixed-heritage backgrounds and gendered surnames. */
import { BACKGROUNDS, backgroundByKey, NICKNAMES, type Background, type Surname } from './names';
import type { Random } from './random';

export type Sex = 'male' | 'female';

const BACKGROUND_WEIGHTS = BACKGROUNDS.map((b) => [b, b.weight] as const);

export function pickBackground(rng: Random): Background {
  return rng.weighted(BACKGROUND_WEIGHTS);
}

/** The concrete background a name is drawn from: one side of a mixed family, chosen at random. */
function side(bg: Background, rng: Random): Background {
  return bg.mixOf ? backgroundByKey(rng.pick(bg.mixOf)) : bg;
}

export function pickChildForename(bg: Background, sex: Sex, rng: Random): string {
  const b = side(bg, rng);
  return rng.pick(sex === 'male' ? b.boys : b.girls);
}

export function pickAdultForename(bg: Background, sex: Sex, rng: Random): string {
  const b = side(bg, rng);
  const pool = sex === 'male' ? (b.men ?? b.boys) : (b.women ?? b.girls);
  return rng.pick(pool);
}

export function pickSurname(bg: Background, rng: Random): Surname {
  return rng.pick(side(bg, rng).surnames);
}

export function surnameFor(surname: Surname, sex: Sex): string {
  return typeof surname === 'string' ? surname : surname[sex];
}

/** A nickname the pupil goes by, if their forename has one and they use it. */
export function pickNickname(forename: string, rng: Random): string | undefined {
  const options = NICKNAMES[forename];
  return options && rng.chance(0.4) ? rng.pick(options) : undefined;
}
