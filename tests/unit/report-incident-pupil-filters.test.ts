/**
 * The pupil filters and the incident form's custom fields as incident
 * report filters: optional members of a stored definition (one stored
 * before them still parses, and means no filter), judged whole when read
 * (a forged member is refused), and read from the Custom report's fields
 * with each message beside its field and what was typed kept.
 */
import { describe, expect, it } from 'vitest';
import { reportDefinition, type ReportDefinition } from '@/lib/reports/definition';
import { parseCustomReportQuery } from '@/lib/reports/form';
import { NO_PUPIL_FILTERS } from '@/lib/reports/pupil-filters';

const CAT = '0b7e6c1e-6f0a-4d55-9a8e-0d3c2f1b9a01';
const FIELD = '9e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';

/** A definition as saved before these filters existed (JSON from the saved_reports table). */
const STORED = {
  version: 1,
  subject: 'incidents',
  filters: {
    dates: { kind: 'quick', range: 'this-term' },
    categories: { match: 'any', ids: [CAT] },
    status: 'any',
    recordedBy: { mode: 'only', ids: [] },
  },
  report: { type: 'summary-table', primary: { by: 'tutor-group' }, secondary: null },
};

describe('the stored definition', () => {
  it('one stored before the pupil and custom-field filters still parses, with neither', () => {
    const parsed = reportDefinition.parse(STORED) as ReportDefinition & { subject: 'incidents' };
    expect(parsed.filters.pupils).toBeUndefined();
    expect(parsed.filters.customFields).toBeUndefined();
  });

  it('takes pupil filters and custom-field options', () => {
    const d = {
      ...STORED,
      filters: {
        ...STORED.filters,
        pupils: { ...NO_PUPIL_FILTERS, yearGroup: 'Year 8' },
        customFields: { [FIELD]: ['Online'] },
      },
    };
    expect(reportDefinition.parse(d)).toEqual(d);
  });

  it('refuses forged members: an unknown key, a bad age, a non-uuid field, an empty option list', () => {
    const bad = (filters: object) =>
      reportDefinition.safeParse({ ...STORED, filters: { ...STORED.filters, ...filters } }).success;
    expect(bad({ pupils: { ...NO_PUPIL_FILTERS, sql: 'drop table' } })).toBe(false);
    expect(bad({ pupils: { ...NO_PUPIL_FILTERS, age: { from: 40, to: null } } })).toBe(false);
    expect(bad({ pupils: { ...NO_PUPIL_FILTERS, age: { from: 14, to: 11 } } })).toBe(false);
    expect(
      bad({
        pupils: {
          ...NO_PUPIL_FILTERS,
          monitored: { when: 'between', from: null, to: null, categoryIds: [], match: 'any' },
        },
      }),
    ).toBe(false);
    expect(bad({ customFields: { 'not-a-field': ['x'] } })).toBe(false);
    expect(bad({ customFields: { [FIELD]: [] } })).toBe(false);
    expect(bad({ customFields: { [FIELD]: ['x'.repeat(500)] } })).toBe(false);
  });
});

describe('the Custom report’s fields', () => {
  const query = { range: 'any', primary: 'category' };

  it('no pupil field set: no pupil filter at all (pupils who have left still count)', () => {
    const form = parseCustomReportQuery(query);
    expect(form.definition?.filters).not.toHaveProperty('pupils');
    expect(form.definition?.filters).not.toHaveProperty('customFields');
  });

  it('reads the Attendance page’s field names into the pupil filters, and icf-<id> into custom fields', () => {
    const form = parseCustomReportQuery({
      ...query,
      yearGroup: 'Year 8',
      pupilPremium: 'yes',
      monitored: 'ever',
      monitoredCategory: CAT,
      [`icf-${FIELD}`]: ['Online', 'Playground'],
    });
    expect(form.fieldErrors).toEqual({});
    const filters = form.definition!.filters as Extract<ReportDefinition, { subject: 'incidents' }>['filters'];
    expect(filters.pupils).toMatchObject({
      yearGroup: 'Year 8',
      pupilPremium: true,
      monitored: { when: 'ever', categoryIds: [CAT], match: 'any' },
      includeArchived: false,
    });
    expect(filters.customFields).toEqual({ [FIELD]: ['Online', 'Playground'] });
  });

  it('a bad pupil field is answered beside it, with what was typed kept, and nothing runs', () => {
    const form = parseCustomReportQuery({ ...query, ageFrom: 'twelve', monitoredFrom: '2026-02-30' });
    expect(form.definition).toBeNull();
    expect(form.fieldErrors.ageFrom?.[0]).toMatch(/Enter an age from 2 to 25/);
    expect(form.fieldErrors.monitoredFrom?.[0]).toMatch(/real date/);
    expect(form.values.pupils.ageFrom).toBe('twelve');
    expect(form.values.range).toBe('any');
  });

  it('a pupil custom field’s value too long for any form is answered beside its field', () => {
    const long = parseCustomReportQuery({ ...query, [`cf-${FIELD}`]: 'y'.repeat(101) });
    expect(long.definition).toBeNull();
    expect(long.fieldErrors[`cf-${FIELD}`]).toBeDefined();
  });
});
