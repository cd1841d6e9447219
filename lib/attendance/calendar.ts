/**
 * The attendance calendar: every school day from the start of the school year
 * to today, month by month in Monday-first weeks, with each session's mark and
 * what it means. Weekends appear only in a month where a mark falls on one.
 *
 * Pure module.
 */
import { lookupAttendanceCode } from './codes';
import { addDays, weekdayIndex } from './dates';
import { markCategory, type Mark, type MarkCategory } from './summary';

export interface SessionMark {
  code: string;
  category: MarkCategory;
  description: string;
}

export interface CalendarDay {
  date: string;
  dayOfMonth: number;
  am: SessionMark | null;
  pm: SessionMark | null;
}

export interface CalendarMonth {
  /** YYYY-MM */
  key: string;
  /** Columns shown: 5 (Monday–Friday) or 7 when a weekend day has a mark. */
  columns: 5 | 7;
  /** Each week is `columns` long; null where the day is outside the month or the range. */
  weeks: (CalendarDay | null)[][];
}

function sessionMark(mark: Mark): SessionMark {
  const known = lookupAttendanceCode(mark.code, mark.date);
  return {
    code: mark.code.trim().toUpperCase(),
    category: markCategory(mark),
    description: known?.description ?? 'Code not recognised',
  };
}

export function buildAttendanceCalendar(marks: readonly Mark[], from: string, to: string): CalendarMonth[] {
  if (to < from) return [];
  const byDay = new Map<string, { am: SessionMark | null; pm: SessionMark | null }>();
  for (const mark of marks) {
    if (mark.date < from || mark.date > to) continue;
    const day = byDay.get(mark.date) ?? { am: null, pm: null };
    if (mark.session === 'AM') day.am = sessionMark(mark);
    else day.pm = sessionMark(mark);
    byDay.set(mark.date, day);
  }

  // Group the range's dates by month.
  const months = new Map<string, string[]>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const key = d.slice(0, 7);
    const list = months.get(key) ?? [];
    list.push(d);
    months.set(key, list);
  }

  return [...months.entries()].map(([key, dates]) => {
    const columns: 5 | 7 = dates.some((d) => weekdayIndex(d) >= 5 && byDay.has(d)) ? 7 : 5;
    const weeks: (CalendarDay | null)[][] = [];
    let week: (CalendarDay | null)[] | null = null;
    for (const date of dates) {
      const wd = weekdayIndex(date);
      if (week === null || wd === 0) {
        if (week && week.some(Boolean)) weeks.push(week);
        week = Array.from({ length: columns }, () => null);
      }
      if (wd >= columns) continue;
      const marksOfDay = byDay.get(date);
      week[wd] = {
        date,
        dayOfMonth: Number(date.slice(8, 10)),
        am: marksOfDay?.am ?? null,
        pm: marksOfDay?.pm ?? null,
      };
    }
    if (week && week.some(Boolean)) weeks.push(week);
    return { key, columns, weeks };
  });
}

/** The distinct codes a calendar shows, with their meaning, for the legend. */
export function codesInCalendar(months: readonly CalendarMonth[]): SessionMark[] {
  const seen = new Map<string, SessionMark>();
  for (const m of months)
    for (const w of m.weeks)
      for (const d of w)
        for (const s of [d?.am, d?.pm])
          if (s && !seen.has(`${s.code}|${s.description}`)) seen.set(`${s.code}|${s.description}`, s);
  return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
}
