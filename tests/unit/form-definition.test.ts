import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_FIELDS,
  customFieldsFor,
  customFieldsOf,
  defaultForm,
  formSchema,
  shownFields,
  type CustomField,
} from '@/lib/settings/form-definition';
import { readSchoolSettings } from '@/lib/settings';

const CAT = '11111111-1111-4111-8111-111111111111';
const field = (id: string, extra: Partial<CustomField> = {}): CustomField => ({
  id,
  label: `Field ${id.slice(0, 4)}`,
  kind: 'text',
  options: [],
  multiple: false,
  required: false,
  categoryIds: [],
  retired: false,
  ...extra,
});
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

describe('form definitions', () => {
  it('gives each form its built-in fields by default', () => {
    const s = readSchoolSettings({});
    expect(s.incidentForm.map((f) => (f.kind === 'built-in' ? f.name : ''))).toEqual([...BUILT_IN_FIELDS.incident]);
    expect(s.actionForm.map((f) => (f.kind === 'built-in' ? f.name : ''))).toEqual([...BUILT_IN_FIELDS.action]);
    expect(s.studentForm.map((f) => (f.kind === 'built-in' ? f.name : ''))).toEqual([...BUILT_IN_FIELDS.student]);
  });

  it('repairs a stored definition: lost built-ins come back at the end, unknown and repeated entries go', () => {
    const parsed = formSchema('action').parse([
      { kind: 'built-in', name: 'agencies', advice: 'Who else knows?' },
      { kind: 'built-in', name: 'student' }, // an incident field, not an action one
      { kind: 'built-in', name: 'agencies' },
      { kind: 'custom', field: field(A) },
      { kind: 'custom', field: field(A, { label: 'Again' }) },
    ]);
    expect(parsed[0]).toEqual({ kind: 'built-in', name: 'agencies', advice: 'Who else knows?' });
    expect(parsed[1]).toMatchObject({ kind: 'custom', field: { id: A, label: 'Field aaaa' } });
    expect(parsed.slice(2).map((f) => (f.kind === 'built-in' ? f.name : f.field.id))).toEqual(
      BUILT_IN_FIELDS.action.filter((n) => n !== 'agencies'),
    );
  });

  it('never ties a student form field to categories', () => {
    const [first] = formSchema('student').parse([{ kind: 'custom', field: field(A, { categoryIds: [CAT] }) }]);
    expect(first).toMatchObject({ kind: 'custom', field: { categoryIds: [] } });
  });

  it('hides deleted fields from forms but keeps their labels for recorded values', () => {
    const form = [
      ...defaultForm('incident'),
      { kind: 'custom' as const, advice: '', field: field(A, { retired: true }) },
      { kind: 'custom' as const, advice: '', field: field(B, { categoryIds: [CAT] }) },
    ];
    expect(shownFields(form).some((f) => f.kind === 'custom' && f.field.id === A)).toBe(false);
    expect(customFieldsOf(form).map((f) => f.id)).toEqual([A, B]);
    expect(customFieldsFor(form, []).map((f) => f.id)).toEqual([]);
    expect(customFieldsFor(form, [CAT]).map((f) => f.id)).toEqual([B]);
  });
});
