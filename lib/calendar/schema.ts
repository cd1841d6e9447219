/**
 * The calendar form: one academic year with up to six terms (rows of name,
 * first and last day; a row with neither day is left out) and closure days
 * (one per line: `2026-10-23 INSET day`, or a run `2026-11-02 to 2026-11-03
 * Strike`). Validated as a whole, each problem next to its field: dates real,
 * last after first, terms named, inside the year and not overlapping,
 * closures inside the year. Overlap with the school's other years needs the
 * database and is checked by the service (lib/admin/calendar-service.ts).
 *
 * Pure module.
 */
import { z } from 'zod';
import { isValidIsoDate } from '@/lib/attendance/dates';
import type { Closure, Term } from './rule';

export const TERM_ROWS = 6;
export const DEFAULT_TERM_NAMES = ['Autumn', 'Spring', 'Summer'] as const;
const MAX_CLOSURES = 60;

const text = (max: number) =>
  z
    .string()
    .max(max * 4)
    .default('');
const termFields = Object.fromEntries(
  Array.from({ length: TERM_ROWS }, (_, i) => [
    [`term${i + 1}Name`, text(40)],
    [`term${i + 1}Start`, text(10)],
    [`term${i + 1}End`, text(10)],
  ]).flat(),
) as Record<`term${number}${'Name' | 'Start' | 'End'}`, ReturnType<typeof text>>;

export interface ParsedYear {
  name: string;
  startsOn: string;
  endsOn: string;
  terms: Term[];
  closures: Closure[];
}

const CLOSURE_LINE = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:to|–|-)\s*(\d{4}-\d{2}-\d{2}))?\s*(.*)$/;

function termRows(f: Record<string, string>) {
  return Array.from({ length: TERM_ROWS }, (_, i) => ({
    row: i + 1,
    name: (f[`term${i + 1}Name`] ?? '').trim(),
    startsOn: (f[`term${i + 1}Start`] ?? '').trim(),
    endsOn: (f[`term${i + 1}End`] ?? '').trim(),
  })).filter((t) => t.startsOn !== '' || t.endsOn !== '');
}

function closureLines(raw: string) {
  return raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The form's fields, as typed; checked as a whole (superRefine) so each message sits by its field. */
export const academicYearForm = z
  .strictObject({
    /** Present when changing a year already saved. */
    yearId: z.union([z.literal(''), z.uuid('That year could not be found.')]).default(''),
    /** The version the form showed: a save over a newer one is refused. */
    version: z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, 'That year could not be found.')]).default(''),
    name: z.string().trim().min(1, 'Name the year, such as 2026/27.').max(40, 'Use at most 40 characters.'),
    startsOn: z.string().trim(),
    endsOn: z.string().trim(),
    closures: z.string().max(6000, 'Too much text: list at most 60 closures.').default(''),
    ...termFields,
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const startOk = isValidIsoDate(f.startsOn);
    const endOk = isValidIsoDate(f.endsOn);
    if (!startOk) issue('startsOn', 'Enter the year’s first day as a date.');
    if (!endOk) issue('endsOn', 'Enter the year’s last day as a date.');
    const yearOk = startOk && endOk && f.startsOn < f.endsOn;
    if (startOk && endOk && !yearOk) issue('endsOn', 'The last day must be after the first.');
    if (yearOk && Date.parse(f.endsOn) - Date.parse(f.startsOn) > 400 * 86_400_000)
      issue('endsOn', 'An academic year is at most 13 months long.');

    const rows = termRows(f as unknown as Record<string, string>);
    if (rows.length === 0) issue('term1Start', 'Enter the dates of at least one term.');
    let previous: { row: number; endsOn: string } | null = null;
    for (const t of [...rows].sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1))) {
      const key = `term${t.row}`;
      if (t.name === '') issue(`${key}Name`, 'Name this term.');
      else if (t.name.length > 40) issue(`${key}Name`, 'Use at most 40 characters.');
      const s = isValidIsoDate(t.startsOn);
      const e = isValidIsoDate(t.endsOn);
      if (!s) issue(`${key}Start`, 'Enter the term’s first day as a date.');
      if (!e) issue(`${key}End`, 'Enter the term’s last day as a date.');
      if (!s || !e) continue;
      if (t.endsOn < t.startsOn) issue(`${key}End`, 'The term’s last day must not be before its first.');
      if (yearOk && (t.startsOn < f.startsOn || t.endsOn > f.endsOn))
        issue(`${key}Start`, `The term must be inside the year (${f.startsOn} to ${f.endsOn}).`);
      if (previous && t.startsOn <= previous.endsOn)
        issue(`${key}Start`, `This term overlaps term ${previous.row}, which ends on ${previous.endsOn}.`);
      if (!previous || t.endsOn > previous.endsOn) previous = { row: t.row, endsOn: t.endsOn };
    }

    const lines = closureLines(f.closures);
    if (lines.length > MAX_CLOSURES) issue('closures', `List at most ${MAX_CLOSURES} closures.`);
    const bad: string[] = [];
    for (const line of lines.slice(0, MAX_CLOSURES)) {
      const m = CLOSURE_LINE.exec(line);
      const from = m?.[1] ?? '';
      const to = m?.[2] ?? from;
      const name = (m?.[3] ?? '').trim();
      const ok = m && isValidIsoDate(from) && isValidIsoDate(to) && from <= to && name.length <= 80 && name.length > 0;
      const inside = !yearOk || (ok && from >= f.startsOn && to <= f.endsOn);
      if (!ok || !inside) bad.push(line.length > 40 ? `${line.slice(0, 40)}…` : line);
    }
    if (bad.length > 0)
      issue(
        'closures',
        `Write each closure as a date inside the year, or “first to last”, then what it is (e.g. “${f.startsOn || '2026-10-23'} INSET day”). Not understood: ${bad.slice(0, 3).join('; ')}.`,
      );
  });

export type AcademicYearForm = z.output<typeof academicYearForm>;

/** The year a valid form describes: terms in date order, closures as typed, in date order. */
export function parsedYear(f: AcademicYearForm): ParsedYear {
  const fields = f as unknown as Record<string, string>;
  return {
    name: f.name,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    terms: termRows(fields)
      .sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1))
      .map(({ name, startsOn, endsOn }) => ({ name, startsOn, endsOn })),
    closures: closureLines(f.closures)
      .map((line) => {
        const m = CLOSURE_LINE.exec(line)!;
        return { startsOn: m[1]!, endsOn: m[2] ?? m[1]!, name: m[3]!.trim() };
      })
      .sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1)),
  };
}

/** A saved closure as the form shows it again. */
export function closureLine(c: Closure): string {
  return c.startsOn === c.endsOn ? `${c.startsOn} ${c.name}` : `${c.startsOn} to ${c.endsOn} ${c.name}`;
}

export const removeYearInput = z.strictObject({
  yearId: z.uuid('That year could not be found.'),
});

/** The form's fields for a saved year, or for a new one (England dates, the default term names). */
export function yearFormValues(
  year: {
    id: string;
    version: number;
    name: string;
    startsOn: string;
    endsOn: string;
    terms: readonly Term[];
    closures: readonly Closure[];
  } | null,
  suggested: { name: string; startsOn: string; endsOn: string },
): Record<string, string> {
  const values: Record<string, string> = year
    ? {
        yearId: year.id,
        version: String(year.version),
        name: year.name,
        startsOn: year.startsOn,
        endsOn: year.endsOn,
        closures: year.closures.map(closureLine).join('\n'),
      }
    : { yearId: '', version: '', ...suggested, closures: '' };
  const terms = year ? year.terms : DEFAULT_TERM_NAMES.map((name) => ({ name, startsOn: '', endsOn: '' }));
  terms.forEach((t, i) => {
    values[`term${i + 1}Name`] = t.name;
    values[`term${i + 1}Start`] = t.startsOn;
    values[`term${i + 1}End`] = t.endsOn;
  });
  return values;
}
