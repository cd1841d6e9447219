/**
 * The "Academic year" grouping's years as runs of days, so the database can
 * place each incident by its day without a copy of the calendar's rule:
 * lib/calendar's academicYearOn decides every day, and it can only change its
 * answer where a school year starts or ends, where the summer after one ends,
 * or on 1 September — so asking it once at each of those days gives every run.
 *
 * Pure module.
 */
import { academicYearOn, defaultAcademicYear, type CalendarYear } from '@/lib/calendar/rule';

export interface YearSpan {
  /** First and last day of the run, inclusive. */
  from: string;
  to: string;
  /** The first day of the first year of this name: the group's key, which sorts the years in order. */
  key: string;
  name: string;
}

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const dayBefore = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** Runs covering 1 September `firstYear` to 31 August after `lastYear` (and every year the school entered). */
export function academicYearSpans(years: readonly CalendarYear[], firstYear: number, lastYear: number): YearSpan[] {
  const starts = new Set<string>();
  for (let y = firstYear; y <= lastYear; y++) starts.add(`${y}-09-01`);
  for (const y of years) {
    starts.add(y.startsOn);
    starts.add(nextDay(y.endsOn));
    starts.add(nextDay(defaultAcademicYear(y.startsOn).endsOn));
  }
  const sorted = [...starts].sort();
  const end = `${Math.max(lastYear + 1, ...years.map((y) => Number(y.endsOn.slice(0, 4))))}-08-31`;
  const spans: YearSpan[] = [];
  sorted.forEach((from, i) => {
    if (from > end) return;
    const to = i + 1 < sorted.length && sorted[i + 1]! <= end ? dayBefore(sorted[i + 1]!) : end;
    const year = academicYearOn(years, from);
    const last = spans.at(-1);
    if (last && last.key === year.startsOn && last.name === year.name && nextDay(last.to) === from) last.to = to;
    else spans.push({ from, to, key: year.startsOn, name: year.name });
  });
  // A default year and the school's own year of the same name (days before its first day) are one group.
  const firstOf = new Map<string, string>();
  for (const s of spans) if (!firstOf.has(s.name) || s.key < firstOf.get(s.name)!) firstOf.set(s.name, s.key);
  return spans.map((s) => ({ ...s, key: firstOf.get(s.name)! }));
}
