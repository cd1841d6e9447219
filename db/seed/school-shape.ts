/**
 * Year groups, cohort sizes and class names. Secondary tutor groups are named
 * `7A`, `7B`…; primary classes are named after trees (Reception after flowers),
 * as many primaries do, falling back to `3D`-style names for very large years.
 */
import type { Phase } from './types';

export interface YearGroup {
  /** 0 = Reception, 1 = Year 1 … 13 = Year 13. */
  index: number;
  /** As the MIS writes it in year_group. */
  name: string;
}

/** The year group a pupil joins this school in, when they join with their cohort. */
export function entryYearIndex(phase: Phase): number {
  return phase === 'primary' ? 0 : 7;
}

export function yearGroupName(index: number): string {
  return index === 0 ? 'Reception' : `Year ${index}`;
}

/** Parses `Reception` / `Year 7` (case-insensitive), or returns null. */
export function parseYearGroup(name: string): number | null {
  const n = name.trim().toLowerCase();
  if (n === 'reception') return 0;
  const m = /^year\s*(\d{1,2})$/.exec(n);
  if (!m) return null;
  const index = Number(m[1]);
  return index >= 1 && index <= 13 ? index : null;
}

export function yearGroupsFor(phase: Phase, sixthForm: boolean): YearGroup[] {
  const indexes =
    phase === 'primary' ? [0, 1, 2, 3, 4, 5, 6] : sixthForm ? [7, 8, 9, 10, 11, 12, 13] : [7, 8, 9, 10, 11];
  return indexes.map((index) => ({ index, name: yearGroupName(index) }));
}

/**
 * Splits `total` pupils across year groups. Sixth-form years are smaller
 * because many pupils leave for college at 16.
 */
export function cohortSizes(total: number, years: readonly YearGroup[]): Map<number, number> {
  const weights = years.map((y) => (y.index >= 12 ? 0.8 : 1));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / weightSum);
  const sizes = exact.map(Math.floor);
  // Largest remainder, so the sizes add up to exactly `total`.
  let missing = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (missing <= 0) break;
    sizes[i] = (sizes[i] ?? 0) + 1;
    missing--;
  }
  return new Map(years.map((y, i) => [y.index, sizes[i] ?? 0]));
}

const PRIMARY_CLASS_NAMES: Readonly<Record<number, readonly string[]>> = {
  0: ['Acorn', 'Bluebell', 'Clover'],
  1: ['Ash', 'Alder', 'Aspen'],
  2: ['Beech', 'Birch', 'Blackthorn'],
  3: ['Cherry', 'Cedar', 'Chestnut'],
  4: ['Elm', 'Elder', 'Fir'],
  5: ['Hazel', 'Holly', 'Hawthorn'],
  6: ['Oak', 'Olive', 'Rowan'],
};

const CLASS_SIZE = { primary: 30, secondary: 28 } as const;

/** The classes (tutor groups) of one year group holding `pupils` pupils. */
export function classNames(phase: Phase, yearIndex: number, pupils: number): string[] {
  const count = Math.max(1, Math.round(pupils / CLASS_SIZE[phase]));
  const prefix = yearIndex === 0 ? 'R' : String(yearIndex);
  const trees = phase === 'primary' ? PRIMARY_CLASS_NAMES[yearIndex] : undefined;
  if (trees && count <= trees.length) return trees.slice(0, count);
  return Array.from({ length: count }, (_, i) => prefix + String.fromCharCode(65 + i));
}
