import { describe, expect, it } from 'vitest';
import {
  TRANSFERRED_FIELD_PREFIX,
  customFieldRows,
  customValuesAfterEdit,
  gatherCustomFields,
  validateCustomFields,
} from '@/lib/settings/custom-values';
import { recordFieldLabels, type CustomField, type FormFieldRef } from '@/lib/settings/form-definition';

const CAT = '11111111-1111-4111-8111-111111111111';
const OTHER_CAT = '22222222-2222-4222-8222-222222222222';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const field = (id: string, label: string, extra: Partial<CustomField> = {}): CustomField => ({
  id,
  label,
  kind: 'text',
  options: [],
  multiple: false,
  required: false,
  categoryIds: [],
  retired: false,
  ...extra,
});
const form = (...fields: CustomField[]): FormFieldRef[] =>
  fields.map((f) => ({ kind: 'custom', field: f, advice: '' }));

describe('custom field values', () => {
  const location = field(A, 'Location', {
    kind: 'dropdown',
    options: ['Playground'],
    required: true,
    categoryIds: [CAT],
  });
  const seen = field(B, 'Seen on', { kind: 'datetime' });
  const old = field(C, 'Old', { retired: true });

  it('requires a field only when one of its categories is chosen, and ignores its value otherwise', () => {
    expect(validateCustomFields(form(location), [OTHER_CAT], { [A]: 'Roof' })).toEqual({});
    expect(() => validateCustomFields(form(location), [CAT], {})).toThrow('Please correct the highlighted fields.');
    expect(validateCustomFields(form(location), [CAT], { [A]: 'Playground' })).toEqual({ [A]: 'Playground' });
  });

  it('checks a date and time by its shape', () => {
    expect(() => validateCustomFields(form(seen), [], { [B]: '2026-03-01 10:00' })).toThrow();
    expect(validateCustomFields(form(seen), [], { [B]: '2026-03-01T10:00' })).toEqual({ [B]: '2026-03-01T10:00' });
  });

  it('keeps a deleted field’s value and an unknown one through an edit, replacing the offered ones', () => {
    const current = { [A]: 'Playground', [C]: 'kept', stray: 'also kept' };
    expect(customValuesAfterEdit(form(location, old), [OTHER_CAT], current, {})).toEqual({
      [C]: 'kept',
      stray: 'also kept',
    });
    expect(customValuesAfterEdit(form(location, old), [CAT], current, undefined)).toBe(current);
  });

  it('labels values in the form’s order, a deleted field included, an unknown one left out', () => {
    const rows = customFieldRows({ stray: 'x', [C]: 'old value', [A]: ['Playground', 'Field'], [B]: '' }, [
      location,
      seen,
      old,
    ]);
    expect(rows).toEqual([
      ['Location', 'Playground, Field'],
      ['Old', 'old value'],
    ]);
  });

  it('gathers cf_ fields into customFields', () => {
    expect(gatherCustomFields({ text: 't', [`cf_${A}`]: 'v' })).toEqual({ text: 't', customFields: { [A]: 'v' } });
    expect(gatherCustomFields({ text: 't' })).toEqual({ text: 't' });
  });

  it('labels an incident merged into an action (and an action split out) by the form that recorded its values', () => {
    const { incidentFields, actionFields } = recordFieldLabels({
      incidentForm: form(location, old),
      actionForm: form(seen),
    });
    // An action that was an incident: its own form's value first, the incident form's values still labelled.
    expect(customFieldRows({ [A]: 'Playground', [B]: '2026-12-01T09:00', [C]: 'kept' }, actionFields)).toEqual([
      ['Seen on', '2026-12-01T09:00'],
      ['Location', 'Playground'],
      ['Old', 'kept'],
    ]);
    // An incident that was an action.
    expect(customFieldRows({ [B]: '2026-12-01T09:00' }, incidentFields)).toEqual([['Seen on', '2026-12-01T09:00']]);
    expect(incidentFields.map((f) => f.id)).toEqual([A, C, B]);
  });

  it('shows values brought from another school’s form as text under their label, after the school’s own', () => {
    const fields = [{ id: A, label: 'Location' }];
    expect(
      customFieldRows(
        {
          [`${TRANSFERRED_FIELD_PREFIX}Referral reference`]: 'CSC-4471',
          [A]: 'Canteen',
          [`${TRANSFERRED_FIELD_PREFIX}Empty`]: '',
          [`${TRANSFERRED_FIELD_PREFIX}Not text`]: ['x'],
        },
        fields,
      ),
    ).toEqual([
      ['Location', 'Canteen'],
      ['Referral reference', 'CSC-4471'],
    ]);
  });
});
