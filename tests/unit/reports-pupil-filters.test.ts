import { describe, expect, it } from 'vitest';
import {
  NO_PUPIL_FILTERS,
  PUPIL_FILTER_DEFAULTS,
  parsePupilFilters,
  pupilFilterQuery,
} from '@/lib/reports/pupil-filters';

const CP = '0b7f4c1e-7a52-4c8e-9d3f-1f2a3b4c5d6e';
const PREVENT = '5d3a9b70-2c4e-4f1a-8b6d-7e8f9a0b1c2d';
const allowed = { categoryIds: [CP] };

describe('pupil filters', () => {
  it('an address without filters counts every pupil and is not shown as filtered', () => {
    const form = parsePupilFilters({}, allowed);
    expect(form).toMatchObject({ values: PUPIL_FILTER_DEFAULTS, fieldErrors: {}, active: false });
    expect(form.filters).toEqual(NO_PUPIL_FILTERS);
    expect(NO_PUPIL_FILTERS).toMatchObject({
      monitored: null,
      pupilPremium: null,
      sen: null,
      age: { from: null, to: null },
    });
  });

  it('turns the form into filters', () => {
    const form = parsePupilFilters(
      {
        monitored: 'between',
        monitoredFrom: '2025-09-01',
        monitoredTo: '2025-12-31',
        monitoredCategory: [CP, CP],
        pupilPremium: 'yes',
        lookedAfter: 'no',
        sen: 'K+E',
        religion: ' Hindu ',
        ageFrom: '11',
        ageTo: '14',
      },
      allowed,
    );
    expect(form.fieldErrors).toEqual({});
    expect(form.active).toBe(true);
    expect(form.filters).toMatchObject({
      monitored: { when: 'between', from: '2025-09-01', to: '2025-12-31', categoryIds: [CP] },
      pupilPremium: true,
      lookedAfter: false,
      eal: null,
      sen: 'K+E',
      religion: 'Hindu',
      age: { from: 11, to: 14 },
    });
  });

  it('gives a message beside each wrong field and keeps what was typed', () => {
    const form = parsePupilFilters(
      {
        monitored: 'sometimes',
        monitoredFrom: '2025-02-30',
        pupilPremium: 'maybe',
        sen: 'X',
        ageFrom: 'ten',
        ageTo: '99',
        gender: 'x'.repeat(150),
      },
      allowed,
    );
    expect(form.filters).toBeNull();
    expect(form.values).toMatchObject({ monitored: 'sometimes', monitoredFrom: '2025-02-30', ageFrom: 'ten' });
    expect(form.fieldErrors).toMatchObject({
      monitored: ['Choose an option from the list.'],
      monitoredFrom: ['Enter a real date, e.g. 2026-09-01.'],
      pupilPremium: ['Choose Any, Yes or No.'],
      sen: ['Choose an SEN status from the list.'],
      ageFrom: [expect.stringContaining('Enter an age from 2 to 25')],
      ageTo: [expect.stringContaining('Enter an age from 2 to 25')],
      gender: [expect.stringContaining('Choose a value from the list')],
    });
  });

  it('between dates needs both days in order; dates without it are refused, not ignored', () => {
    expect(parsePupilFilters({ monitored: 'between' }, allowed).fieldErrors).toEqual({
      monitoredFrom: ['Enter the first day.'],
      monitoredTo: ['Enter the last day.'],
    });
    expect(
      parsePupilFilters({ monitored: 'between', monitoredFrom: '2026-01-02', monitoredTo: '2026-01-01' }, allowed)
        .fieldErrors,
    ).toEqual({ monitoredTo: ['The last day must not be before the first.'] });
    expect(parsePupilFilters({ monitored: 'now', monitoredFrom: '2026-01-02' }, allowed).fieldErrors.monitored).toEqual(
      [expect.stringContaining('between dates')],
    );
    expect(parsePupilFilters({ monitoredCategory: CP }, allowed).fieldErrors.monitored).toEqual([
      expect.stringContaining('untick them'),
    ]);
    expect(parsePupilFilters({ ageFrom: '14', ageTo: '11' }, allowed).fieldErrors).toEqual({
      ageTo: ['The oldest age must not be below the youngest.'],
    });
  });

  it('refuses a category the viewer may not see, and one that is not an id', () => {
    const hidden = parsePupilFilters({ monitored: 'now', monitoredCategory: PREVENT }, allowed);
    expect(hidden.filters).toBeNull();
    expect(hidden.fieldErrors).toEqual({ monitoredCategory: ['Choose categories from the list.'] });
    expect(hidden.values.monitoredCategory).toEqual([PREVENT]);
    const junk = parsePupilFilters({ monitored: 'now', monitoredCategory: "1' or '1'='1" }, allowed);
    expect(junk.fieldErrors).toEqual({ monitoredCategory: ['Choose categories from the list.'] });
  });

  it('writes an address back with only what differs from the defaults', () => {
    const form = parsePupilFilters({ monitored: 'now', monitoredCategory: CP, eal: 'yes' }, allowed);
    expect(pupilFilterQuery(form.values).toString()).toBe(`monitored=now&monitoredCategory=${CP}&eal=yes`);
    expect(pupilFilterQuery(PUPIL_FILTER_DEFAULTS).toString()).toBe('');
  });
});
