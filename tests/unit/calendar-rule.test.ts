import { describe, expect, it } from 'vitest';
import {
  academicYearOn,
  academicYearsOf,
  defaultAcademicYear,
  isClosureDay,
  termOn,
  type CalendarYear,
} from '@/lib/calendar/rule';
import { academicYearForm, parsedYear, yearFormValues } from '@/lib/calendar/schema';

const y2026: CalendarYear = {
  id: 'y26',
  name: '2026/27',
  startsOn: '2026-09-03',
  endsOn: '2027-07-21',
  terms: [
    { name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-18' },
    { name: 'Spring', startsOn: '2027-01-05', endsOn: '2027-03-26' },
    { name: 'Summer', startsOn: '2027-04-12', endsOn: '2027-07-21' },
  ],
  closures: [{ startsOn: '2026-10-23', endsOn: '2026-10-23', name: 'INSET day' }],
};

describe('this academic year and this term', () => {
  it('without a calendar: 1 September to 31 August, every day in a default term', () => {
    expect(academicYearOn([], '2026-09-01')).toMatchObject({
      id: null,
      name: '2026/27',
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      isDefault: true,
    });
    expect(academicYearOn([], '2026-08-31')).toMatchObject({ startsOn: '2025-09-01', endsOn: '2026-08-31' });
    expect(academicYearOn([], '2000-02-29').name).toBe('1999/00');
    const d = defaultAcademicYear('2027-02-14');
    expect(termOn(d, '2026-12-31')?.name).toBe('Autumn');
    expect(termOn(d, '2027-01-01')?.name).toBe('Spring');
    expect(termOn(d, '2027-03-31')?.name).toBe('Spring');
    expect(termOn(d, '2027-04-01')?.name).toBe('Summer');
    expect(termOn(d, '2027-08-31')?.name).toBe('Summer');
  });

  it('a year the school entered covers its own days, first and last included', () => {
    expect(academicYearOn([y2026], '2026-09-03')).toMatchObject({ id: 'y26', isDefault: false });
    expect(academicYearOn([y2026], '2027-07-21')).toMatchObject({ id: 'y26' });
    // The summer after it, up to 31 August, is still that year…
    expect(academicYearOn([y2026], '2027-07-22')).toMatchObject({ id: 'y26' });
    expect(academicYearOn([y2026], '2027-08-31')).toMatchObject({ id: 'y26' });
    expect(termOn(academicYearOn([y2026], '2027-08-31'), '2027-08-31')?.name).toBe('Summer');
    // …and days no year of the school covers follow the England default.
    expect(academicYearOn([y2026], '2027-09-01')).toMatchObject({ isDefault: true, startsOn: '2027-09-01' });
    expect(academicYearOn([y2026], '2026-09-02')).toMatchObject({ isDefault: true, startsOn: '2026-09-01' });
    expect(academicYearOn([y2026], '2026-08-31')).toMatchObject({ isDefault: true, startsOn: '2025-09-01' });
  });

  it('a holiday belongs to the term before it; before the first term there is none', () => {
    const year = academicYearOn([y2026], '2026-12-25');
    expect(termOn(year, '2026-12-18')?.name).toBe('Autumn');
    expect(termOn(year, '2026-12-25')?.name).toBe('Autumn');
    expect(termOn(year, '2027-01-05')?.name).toBe('Spring');
    expect(termOn(year, '2027-04-11')?.name).toBe('Spring');
    expect(termOn(year, '2027-04-12')?.name).toBe('Summer');
    expect(termOn({ ...year, terms: [y2026.terms[1]!] }, '2026-10-01')).toBeNull();
  });

  it('knows its closure days', () => {
    const year = academicYearOn([y2026], '2026-10-23');
    expect(isClosureDay(year, '2026-10-23')).toBe(true);
    expect(isClosureDay(year, '2026-10-22')).toBe(false);
  });
});

const form = {
  name: '2026/27',
  startsOn: '2026-09-03',
  endsOn: '2027-07-21',
  term1Name: 'Autumn',
  term1Start: '2026-09-03',
  term1End: '2026-12-18',
  term2Name: 'Spring',
  term2Start: '2027-01-05',
  term2End: '2027-03-26',
  term3Name: 'Summer',
  term3Start: '2027-04-12',
  term3End: '2027-07-21',
  term4Name: 'Unused row',
  closures: '2026-10-23 INSET day\n\n2026-11-02 to 2026-11-03 Strike',
};

const errorsOf = (input: Record<string, string>) => {
  const r = academicYearForm.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[String(i.path[0])] ??= []).push(i.message);
  return out;
};

describe('the calendar form', () => {
  it('reads a year, its terms in date order and its closures; rows without dates are left out', () => {
    const parsed = parsedYear(
      academicYearForm.parse({
        ...form,
        term1Name: 'Summer',
        term1Start: '2027-04-12',
        term1End: '2027-07-21',
        term3Name: 'Autumn',
        term3Start: '2026-09-03',
        term3End: '2026-12-18',
      }),
    );
    expect(parsed.terms.map((t) => t.name)).toEqual(['Autumn', 'Spring', 'Summer']);
    expect(parsed.closures).toEqual([
      { startsOn: '2026-10-23', endsOn: '2026-10-23', name: 'INSET day' },
      { startsOn: '2026-11-02', endsOn: '2026-11-03', name: 'Strike' },
    ]);
    // What the form shows for a saved year parses back to the same year.
    const again = yearFormValues({ id: '6f1c1a52-8d43-4b8f-9d7a-0c1f5a4e2b11', version: 2, ...parsed }, parsed);
    expect(parsedYear(academicYearForm.parse(again))).toEqual(parsed);
  });

  it('says what is wrong, by the field', () => {
    expect(errorsOf({ ...form, name: ' ' })).toEqual({ name: ['Name the year, such as 2026/27.'] });
    expect(errorsOf({ ...form, startsOn: '2026-02-30' }).startsOn).toEqual(['Enter the year’s first day as a date.']);
    expect(errorsOf({ ...form, endsOn: '2026-09-01' }).endsOn).toEqual(['The last day must be after the first.']);
    expect(errorsOf({ ...form, endsOn: '2028-07-21' }).endsOn).toEqual(['An academic year is at most 13 months long.']);
    expect(errorsOf({ ...form, term2Name: '' })).toEqual({ term2Name: ['Name this term.'] });
    expect(errorsOf({ ...form, term2End: '' })).toEqual({ term2End: ['Enter the term’s last day as a date.'] });
    expect(errorsOf({ ...form, term2End: '2027-01-04' })).toEqual({
      term2End: ['The term’s last day must not be before its first.'],
    });
    expect(errorsOf({ ...form, term1Start: '2026-09-01' })).toEqual({
      term1Start: ['The term must be inside the year (2026-09-03 to 2027-07-21).'],
    });
    expect(errorsOf({ ...form, term3End: '2027-07-22' }).term3Start).toEqual([
      'The term must be inside the year (2026-09-03 to 2027-07-21).',
    ]);
    expect(errorsOf({ ...form, term2Start: '2026-12-18' })).toEqual({
      term2Start: ['This term overlaps term 1, which ends on 2026-12-18.'],
    });
    const none = { ...form, term1Start: '', term1End: '', term2Start: '', term2End: '', term3Start: '', term3End: '' };
    expect(errorsOf(none)).toEqual({ term1Start: ['Enter the dates of at least one term.'] });
    const closures = errorsOf({ ...form, closures: '2026-10-23 INSET day\n2027-08-01 Too late\nnot a date' }).closures;
    expect(closures).toHaveLength(1);
    expect(closures![0]).toContain('Not understood: 2027-08-01 Too late; not a date.');
    expect(errorsOf({ ...form, closures: '2026-10-23' }).closures).toHaveLength(1); // a closure says what it is
  });

  it('refuses a field the form does not have', () => {
    expect(academicYearForm.safeParse({ ...form, schoolId: 'x' }).success).toBe(false);
  });
});

describe('the academic years a set of days falls in', () => {
  it('lists each year once, newest first, placing a summer day in the year before it', () => {
    const years = academicYearsOf(
      [y2026],
      ['2025-03-02', '2026-10-01', '2027-08-10', '2026-11-30', '2024-09-01', '2025-06-30'],
    );
    expect(years.map((y) => [y.name, y.startsOn, y.isDefault])).toEqual([
      ['2026/27', '2026-09-03', false],
      ['2024/25', '2024-09-01', true],
    ]);
    expect(academicYearsOf([], [])).toEqual([]);
  });
});
