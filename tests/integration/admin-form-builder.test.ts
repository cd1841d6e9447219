/**
 * Admin → Form builder against a real database: what each edit stores and
 * audits, who may edit, another school's categories and fields, a stale
 * version, bad input, a field with recorded values keeping its kind, and a
 * settings save made from an older page not undoing a form change.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { categoryIdByName } from '../support/categories';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, incidents } from '@/db/schema';
import {
  addCustomField,
  deleteCustomField,
  editCustomField,
  getFormBuilder,
  moveFormField,
  setFieldAdvice,
  STALE_FORM,
  updateSchoolSettings,
} from '@/lib/admin';
import { ELEVATE_FOR_ADMIN } from '@/lib/admin/guard';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { updateProfileDetails } from '@/lib/students';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { FormKind } from '@/lib/settings';
import type { Ctx, School, UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';

withTestDatabase();

let a: School;
let b: School;
let admin: UserCtx;
let adminB: UserCtx;
let unelevated: UserCtx;
let teacher: UserCtx;
let behaviour: string;
let bullying: string;
let behaviourB: string;
let pupil: string;

/** A new request: the school (and its settings) as stored now, as each page load reads it. */
const fresh = async (ctx: UserCtx) =>
  makeCtx((await findSchoolBySlug(ctx.school.slug))!, ctx.user, ctx.meta) as UserCtx;
const versionOf = async (ctx: UserCtx, form: FormKind = 'incident') =>
  (await getFormBuilder(await fresh(ctx), form)).version;
const stored = async (ctx: UserCtx, form: FormKind = 'incident') => (await getFormBuilder(await fresh(ctx), form)).rows;
const storedForm = async (school: School, form: FormKind = 'incident') =>
  (await findSchoolBySlug(school.slug))!.settings[`${form}Form`];

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

const location = (version: string, extra: Record<string, unknown> = {}) => ({
  form: 'incident',
  version,
  label: 'Location',
  kind: 'dropdown',
  options: 'Playground\nClassroom\nCorridor',
  required: 'on',
  categoryIds: behaviour,
  advice: 'Where it happened.',
  ...extra,
});

async function auditRows(school: School, action: string) {
  return inSchool(school.id, (tx) =>
    tx
      .select({ details: auditLog.details, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, action as never))),
  );
}

beforeAll(async () => {
  a = await makeSchool('forms-a');
  b = await makeSchool('forms-b');
  const adminId = await makeUser({
    email: 'dsl@forms.example.org',
    displayName: 'Dee Ess',
    memberships: { [a.slug]: 'DSL', [b.slug]: 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  adminB = (await signedIn(b, adminId, { elevated: true })).ctx;
  unelevated = makeCtx(a, { ...admin.user, elevated: false }, admin.meta) as UserCtx;
  const teacherId = await makeUser({
    email: 'teacher@forms.example.org',
    displayName: 'Tee Cher',
    memberships: { [a.slug]: 'Teachers' },
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  behaviour = await categoryIdByName(a.id, 'Behaviour');
  bullying = await categoryIdByName(a.id, 'Bullying');
  behaviourB = await categoryIdByName(b.id, 'Behaviour');
  [pupil] = (await addPupils(a.id, [{ legalForename: 'Ada', legalSurname: 'One' }])) as [string];
});

describe('who may edit the forms', () => {
  const surfaces: [string, (ctx: Ctx, version: string) => Promise<unknown>][] = [
    ['read', (ctx) => getFormBuilder(ctx, 'incident')],
    ['add', (ctx, v) => addCustomField(ctx, location(v))],
    ['move', (ctx, v) => moveFormField(ctx, { form: 'incident', version: v, entry: 'text', to: 'up' })],
    ['advice', (ctx, v) => setFieldAdvice(ctx, { form: 'incident', version: v, entry: 'text', advice: 'No.' })],
    ['edit', (ctx, v) => editCustomField(ctx, { ...location(v), fieldId: randomUUID() })],
    ['delete', (ctx, v) => deleteCustomField(ctx, { form: 'incident', version: v, fieldId: randomUUID() })],
  ];
  for (const [role, ctxOf, message] of [
    ['administrator without their key', () => unelevated, ELEVATE_FOR_ADMIN],
    ['teacher', () => teacher, undefined],
  ] as const) {
    for (const [surface, call] of surfaces) {
      it(`${role}: ${surface} → not allowed, nothing stored`, async () => {
        const before = await storedForm(a);
        const err = await refusal(call(ctxOf(), await versionOf(admin)));
        expect(err).toBeInstanceOf(NotAllowedError);
        if (message) expect((err as Error).message).toBe(message);
        expect(await storedForm(a)).toEqual(before);
      });
    }
  }
});

describe('editing the incident form', () => {
  let fieldId: string;

  it('adds a custom dropdown for Behaviour at the end of the shown fields, audited', async () => {
    fieldId = (await addCustomField(admin, location(await versionOf(admin)))).fieldId;
    const rows = await stored(admin);
    expect(rows.at(-1)).toMatchObject({
      entry: fieldId,
      label: 'Location',
      kindLabel: 'Dropdown, an option must be chosen',
      categoryNames: ['Behaviour'],
      advice: 'Where it happened.',
    });
    expect((await storedForm(a)).at(-1)).toEqual({
      kind: 'custom',
      advice: 'Where it happened.',
      field: {
        id: fieldId,
        label: 'Location',
        kind: 'dropdown',
        options: ['Playground', 'Classroom', 'Corridor'],
        multiple: false,
        required: true,
        categoryIds: [behaviour],
        retired: false,
      },
    });
    const [audit] = await auditRows(a, 'admin.form_field_added');
    expect(audit).toMatchObject({ actor: admin.user.id, details: { form: 'incident', field: { label: 'Location' } } });
    // The other school's form is untouched.
    expect((await stored(adminB)).map((r) => r.entry)).not.toContain(fieldId);
  });

  it('moves a field up with the buttons and to a place by dragging, audited', async () => {
    await moveFormField(admin, { form: 'incident', version: await versionOf(admin), entry: fieldId, to: 'up' });
    let entries = (await stored(admin)).map((r) => r.entry);
    expect(entries.slice(-2)).toEqual([fieldId, 'agencies']);
    await moveFormField(admin, { form: 'incident', version: await versionOf(admin), entry: fieldId, to: '1' });
    entries = (await stored(admin)).map((r) => r.entry);
    expect(entries.slice(0, 3)).toEqual(['student', fieldId, 'text']);
    // The top field going up is no change (and no audit row).
    await moveFormField(admin, { form: 'incident', version: await versionOf(admin), entry: 'student', to: 'up' });
    expect((await stored(admin)).map((r) => r.entry)).toEqual(entries);
    expect(await auditRows(a, 'admin.form_field_moved')).toHaveLength(2);
  });

  it('sets advice under a built-in field', async () => {
    const advice = 'Write what you saw and heard, in the pupil’s own words.';
    await setFieldAdvice(admin, { form: 'incident', version: await versionOf(admin), entry: 'text', advice });
    expect((await stored(admin)).find((r) => r.entry === 'text')?.advice).toBe(advice);
    expect((await auditRows(a, 'admin.form_advice_changed'))[0]?.details).toMatchObject({
      field: 'text',
      after: advice,
    });
  });

  it('edits the field (label, options, categories); kind changes only while no value is recorded', async () => {
    await editCustomField(admin, {
      ...location(await versionOf(admin)),
      fieldId,
      label: 'Where',
      options: 'Playground\nClassroom\nCorridor\nField',
      categoryIds: `${behaviour},${bullying}`,
    });
    const row = (await stored(admin)).find((r) => r.entry === fieldId);
    expect(row).toMatchObject({ label: 'Where', categoryNames: ['Behaviour', 'Bullying'] });
    expect(row?.custom?.options).toEqual(['Playground', 'Classroom', 'Corridor', 'Field']);
    expect(await auditRows(a, 'admin.form_field_changed')).toHaveLength(1);

    // A value recorded on an incident: the kind and "allow multiple" now stay.
    const recorder = await fresh(admin);
    await createIncident(recorder, {
      studentId: pupil,
      text: 'Pushed in the lunch queue.',
      categoryIds: behaviour,
      [`cf_${fieldId}`]: 'Playground',
    });
    const [incident] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.schoolId, a.id)));
    expect(incident?.customFields).toEqual({ [fieldId]: 'Playground' });
    const before = await storedForm(a);
    const toText = await refusal(
      editCustomField(admin, { ...location(await versionOf(admin)), fieldId, label: 'Where', kind: 'text' }),
    );
    expect((toText as UserError).fieldErrors?.kind?.[0]).toMatch(/already recorded.*stays a dropdown field/);
    const toMultiple = await refusal(
      editCustomField(admin, { ...location(await versionOf(admin)), fieldId, label: 'Where', multiple: 'on' }),
    );
    expect((toMultiple as UserError).fieldErrors?.multiple?.[0]).toMatch(/already recorded/);
    expect(await storedForm(a)).toEqual(before);
    // Removing an option is allowed: the incident keeps what was chosen.
    await editCustomField(admin, { ...location(await versionOf(admin)), fieldId, options: 'Classroom\nCorridor' });
    const [kept] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incident!.id)));
    expect(kept?.customFields).toEqual({ [fieldId]: 'Playground' });
  });

  it('a field with no values recorded may change to any kind', async () => {
    const { fieldId: notes } = await addCustomField(admin, {
      form: 'incident',
      version: await versionOf(admin),
      label: 'Notes',
      kind: 'text',
    });
    await editCustomField(admin, {
      form: 'incident',
      version: await versionOf(admin),
      fieldId: notes,
      label: 'Seen on',
      kind: 'date',
    });
    expect((await stored(admin)).find((r) => r.entry === notes)?.kindLabel).toBe('Date');
    await deleteCustomField(admin, { form: 'incident', version: await versionOf(admin), fieldId: notes });
  });

  it('text and multiline text switch even with values recorded; their values stay', async () => {
    const { fieldId: seen } = await addCustomField(admin, {
      form: 'incident',
      version: await versionOf(admin),
      label: 'What was seen',
      kind: 'text',
    });
    await createIncident(await fresh(admin), {
      studentId: pupil,
      text: 'Seen at the gate.',
      categoryIds: bullying,
      [`cf_${seen}`]: 'A bruise',
    });
    const base = { form: 'incident', fieldId: seen, label: 'What was seen' };
    await editCustomField(admin, { ...base, version: await versionOf(admin), kind: 'multiline' });
    expect((await stored(admin)).find((r) => r.entry === seen)?.kindLabel).toBe('Multiline text');
    const toDate = await refusal(editCustomField(admin, { ...base, version: await versionOf(admin), kind: 'date' }));
    expect((toDate as UserError).fieldErrors?.kind?.[0]).toMatch(/stays a multiline text field/);
    await deleteCustomField(admin, { form: 'incident', version: await versionOf(admin), fieldId: seen });
    const rows = await inSchool(a.id, (tx) => tx.select({ cf: incidents.customFields }).from(incidents));
    expect(rows.map((r) => r.cf)).toContainEqual({ [seen]: 'A bruise' });
  });

  it('deletes a field: hidden from the form, kept retired for recorded values, audited', async () => {
    await deleteCustomField(admin, { form: 'incident', version: await versionOf(admin), fieldId });
    expect((await stored(admin)).map((r) => r.entry)).not.toContain(fieldId);
    const entry = (await storedForm(a)).find((e) => e.kind === 'custom' && e.field.id === fieldId);
    expect(entry).toMatchObject({ field: { label: 'Location', retired: true } });
    expect(await auditRows(a, 'admin.form_field_deleted')).toHaveLength(3);
    // A deleted field cannot be edited, moved or deleted again.
    const v = await versionOf(admin);
    expect(await refusal(deleteCustomField(admin, { form: 'incident', version: v, fieldId }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(
      await refusal(moveFormField(admin, { form: 'incident', version: v, entry: fieldId, to: 'up' })),
    ).toBeInstanceOf(NotFoundError);
  });
});

describe('refusals that save nothing', () => {
  it("refuses another school's category and another school's field", async () => {
    const before = await storedForm(a);
    const foreignCategory = await refusal(
      addCustomField(admin, location(await versionOf(admin), { categoryIds: behaviourB })),
    );
    expect((foreignCategory as UserError).fieldErrors?.categoryIds).toEqual(['That category could not be found.']);
    const { fieldId: foreignField } = await addCustomField(adminB, {
      ...location(await versionOf(adminB)),
      categoryIds: behaviourB,
    });
    const v = await versionOf(admin);
    // One at a time: each call starts only when the one before has been answered, so no refusal goes unheard.
    for (const attempt of [
      () => editCustomField(admin, { ...location(v), fieldId: foreignField }),
      () => deleteCustomField(admin, { form: 'incident', version: v, fieldId: foreignField }),
      () => moveFormField(admin, { form: 'incident', version: v, entry: foreignField, to: 'down' }),
      () => setFieldAdvice(admin, { form: 'incident', version: v, entry: foreignField, advice: 'Mine now.' }),
    ])
      expect(await refusal(attempt())).toBeInstanceOf(NotFoundError);
    expect(await storedForm(a)).toEqual(before);
    expect((await stored(adminB)).find((r) => r.entry === foreignField)?.advice).toBe('Where it happened.');
  });

  it('refuses a stale version: never a silent overwrite', async () => {
    const opened = await versionOf(admin);
    await setFieldAdvice(admin, { form: 'incident', version: opened, entry: 'status', advice: 'First tab.' });
    const before = await storedForm(a);
    const stale = await refusal(
      setFieldAdvice(admin, { form: 'incident', version: opened, entry: 'status', advice: 'Second tab.' }),
    );
    expect(stale).toBeInstanceOf(UserError);
    expect((stale as Error).message).toBe(STALE_FORM);
    expect(await refusal(addCustomField(admin, location(opened)))).toMatchObject({ message: STALE_FORM });
    expect(await storedForm(a)).toEqual(before);
  });

  it('a doubled submission adds the field once: the second names a version that is gone', async () => {
    const v = await versionOf(admin);
    const input = location(v, { label: 'Doubled' });
    const results = await Promise.allSettled([addCustomField(admin, input), addCustomField(admin, input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).message).toBe(STALE_FORM);
    expect((await stored(admin)).filter((r) => r.label === 'Doubled')).toHaveLength(1);
  });

  it('answers bad input with messages next to the fields', async () => {
    const v = await versionOf(admin);
    const errorsOf = async (input: Record<string, unknown>) =>
      (
        (await refusal(addCustomField(admin, { ...location(v), ...input }))) as {
          issues?: { path: string[]; message: string }[];
        }
      ).issues?.map((i) => [i.path[0], i.message]);
    expect(await errorsOf({ label: '   ' })).toEqual([['label', 'Give the field a name.']]);
    expect(await errorsOf({ label: 'x'.repeat(81) })).toEqual([['label', 'Use at most 80 characters.']]);
    expect(await errorsOf({ options: '\n \n' })).toEqual([
      ['options', 'Give the dropdown at least one option, one per line.'],
    ]);
    expect(await errorsOf({ options: 'Hall\nhall' })).toEqual([
      ['options', 'List each option once: “hall” is there twice.'],
    ]);
    expect(await errorsOf({ options: `Hall\n${'y'.repeat(81)}` })).toEqual([
      ['options', `Keep each option to 80 characters: “${'y'.repeat(30)}…”.`],
    ]);
    expect(await errorsOf({ kind: 'colour' })).toEqual([['kind', 'Choose what kind of field it is.']]);
    expect(await errorsOf({ categoryIds: 'not-a-category' })).toEqual([
      ['categoryIds', 'That category could not be found.'],
    ]);
    expect(await errorsOf({ advice: 'z'.repeat(301) })).toEqual([['advice', 'Use at most 300 characters.']]);
    expect(await errorsOf({ isAdmin: 'on' })).toEqual([[undefined, 'Unrecognized key: "isAdmin"']]);
    const studentCats = await refusal(
      addCustomField(admin, { ...location(await versionOf(admin, 'student')), form: 'student' }),
    );
    expect((studentCats as UserError).fieldErrors?.categoryIds?.[0]).toMatch(/every pupil/);
  });
});

describe('the action and student forms', () => {
  it('each form is its own key: a student-form field never appears on the incident form', async () => {
    const incidentBefore = await storedForm(a);
    const { fieldId } = await addCustomField(admin, {
      form: 'student',
      version: await versionOf(admin, 'student'),
      label: 'Young carer',
      kind: 'dropdown',
      options: 'Yes\nNo',
    });
    expect((await stored(admin, 'student')).at(-1)).toMatchObject({ entry: fieldId, label: 'Young carer' });
    await moveFormField(admin, {
      form: 'action',
      version: await versionOf(admin, 'action'),
      entry: 'agencies',
      to: '0',
    });
    expect((await stored(admin, 'action'))[0]?.entry).toBe('agencies');
    expect(await storedForm(a)).toEqual(incidentBefore);
  });
});

describe('a student-form field’s kind', () => {
  it('may change until a pupil’s profile records a value, then stays', async () => {
    const { fieldId } = await addCustomField(admin, {
      form: 'student',
      version: await versionOf(admin, 'student'),
      label: 'Plan review',
      kind: 'text',
    });
    const edit = async (kind: string) =>
      editCustomField(admin, {
        form: 'student',
        version: await versionOf(admin, 'student'),
        fieldId,
        label: 'Plan review',
        kind,
      });
    await edit('date');
    expect((await stored(admin, 'student')).find((r) => r.entry === fieldId)?.custom?.kind).toBe('date');
    await updateProfileDetails(await fresh(admin), {
      studentId: pupil,
      version: 0,
      summary: '',
      keywords: '',
      agencies: '',
      [`cf_${fieldId}`]: '2026-06-01',
    });
    const refused = await refusal(edit('text'));
    expect((refused as UserError).fieldErrors?.kind?.[0]).toMatch(/already recorded.*stays a date field/);
    expect((await stored(admin, 'student')).find((r) => r.entry === fieldId)?.custom?.kind).toBe('date');
  });
});

describe('a settings save from a page opened earlier', () => {
  it('does not undo a form-builder change made after that page loaded', async () => {
    const settingsPage = await fresh(admin); // the settings page is opened…
    await setFieldAdvice(admin, {
      form: 'incident',
      version: await versionOf(admin),
      entry: 'alerts',
      advice: 'Alert the DSL for anything urgent.',
    }); // …the form builder saves in another tab…
    await updateSchoolSettings(settingsPage, {
      idleTimeoutMinutes: '10',
      securityMessage: 'Lock your screen.',
      emailDomainWhitelist: '',
    }); // …then the settings page is saved.
    const school = (await findSchoolBySlug(a.slug))!;
    expect(school.settings.idleTimeoutMinutes).toBe(10);
    expect(school.settings.incidentForm.find((e) => e.kind === 'built-in' && e.name === 'alerts')?.advice).toBe(
      'Alert the DSL for anything urgent.',
    );
    const [audit] = await auditRows(a, 'admin.settings_changed');
    expect(Object.keys((audit!.details as { after: object }).after)).not.toContain('incidentForm');
  });
});
