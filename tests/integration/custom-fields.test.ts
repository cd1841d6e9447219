/**
 * The school's custom fields beyond the add-incident form: on actions (added
 * and edited, validated by kind, stored in the action and its versions, read
 * in the chronology and the printed PDF) and on the pupil's profile ("Edit
 * information": versioned, audited, shown on the overview to whoever may open
 * it). A deleted field keeps its label where a value was recorded; a value no
 * field names is not shown but stays stored. Refused for another school's ids,
 * for staff without pupil rights and without the key, saving nothing.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { pdfText } from '../support/pdf';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { actionVersions, auditLog, categories, incidentActions, studentProfiles } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { NotFoundError, UserError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { editAction, getActionForEdit, listActionVersions } from '@/lib/incidents/edit-action';
import { printIncident } from '@/lib/incidents/print';
import { chronologyFor } from '@/lib/incidents/queries';
import { getProfileEdit, getProfileOverview } from '@/lib/profile';
import type { CustomField, FormFieldRef, FormKind } from '@/lib/settings';
import { NeedsElevationError, updateProfileDetails } from '@/lib/students';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;

const LOCATION = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b01';
const OUTCOME = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b02';
const REVIEW_ON = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b03';
const REFERRAL = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b04';
const OLD_ACTION_FIELD = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b05';
const CARER = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b06';
const PLAN_REVIEW = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b07';
const OLD_STUDENT_FIELD = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b08';
const NOWHERE = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b09';

const field = (id: string, label: string, kind: CustomField['kind'], more: Partial<CustomField> = {}): CustomField => ({
  id,
  label,
  kind,
  options: [],
  multiple: false,
  required: false,
  categoryIds: [],
  retired: false,
  ...more,
});
const custom = <K extends FormKind>(f: CustomField, advice = ''): FormFieldRef<K> => ({
  kind: 'custom',
  field: f,
  advice,
});

let a: School;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let teacher: UserCtx;
let bDsl: UserCtx;
let zoe: string;
let harry: string;
let bPupil: string;
let cat: Record<string, string>;

beforeAll(async () => {
  a = await makeSchool('custom-fields-a');
  const b = await makeSchool('custom-fields-b');
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  // Until Admin → Form builder writes them, the definitions are set on the school the requests carry.
  a = {
    ...a,
    settings: {
      ...a.settings,
      incidentForm: [
        ...a.settings.incidentForm,
        custom(
          field(LOCATION, 'Location', 'dropdown', {
            options: ['Playground', 'Canteen'],
            categoryIds: [cat['Behaviour']!],
          }),
        ),
      ],
      actionForm: [
        ...a.settings.actionForm,
        custom(
          field(OUTCOME, 'Outcome', 'dropdown', { options: ['Resolved', 'Referred'], required: true }),
          'Say how it ended.',
        ),
        custom(field(REVIEW_ON, 'Review on', 'date')),
        custom(
          field(REFERRAL, 'Referral reference', 'text', { required: true, categoryIds: [cat['Child Protection']!] }),
        ),
        custom(field(OLD_ACTION_FIELD, 'Old follow-up', 'text', { retired: true })),
      ],
      studentForm: [
        ...a.settings.studentForm,
        custom(field(CARER, 'Young carer', 'dropdown', { options: ['Yes', 'No'] })),
        custom(field(PLAN_REVIEW, 'Plan review', 'date')),
        custom(field(OLD_STUDENT_FIELD, 'Old note', 'text', { retired: true })),
      ],
    },
  };
  const person = async (school: School, email: string, name: string, group: string, elevated: boolean) => {
    const id = await makeUser({
      email,
      displayName: name,
      memberships: { [school.slug]: group },
      totpSecret: elevated ? SECRET : undefined,
    });
    return (await signedIn(school, id, { elevated })).ctx;
  };
  dsl = await person(a, 'dsl@cf.example.org', 'David Okafor', 'DSL', true);
  dslNoKey = makeCtx(a, { ...dsl.user, elevated: false }, dsl.meta) as UserCtx;
  teacher = await person(a, 'teacher@cf.example.org', 'Tom Hughes', 'Teachers', false);
  bDsl = await person(b, 'dsl@cf-b.example.org', 'Imran Shah', 'DSL', true);
  [zoe, harry] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien" },
    { legalForename: 'Harry', legalSurname: 'Smith' },
  ])) as [string, string];
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
});

const newIncident = (customFields: Record<string, string> = {}) =>
  createIncident(dsl, { studentId: zoe, text: 'A fight at lunch.', categoryIds: cat['Behaviour']!, customFields });
const actionsOf = async (incidentId: string) =>
  inSchool(a.id, (tx) => tx.select().from(incidentActions).where(eq(incidentActions.incidentId, incidentId)));

describe('custom fields on actions', () => {
  it('validates by kind and requires what is required, saving nothing when refused', async () => {
    const { incidentId } = await newIncident();
    const attempt = (cf: Record<string, string>) =>
      addAction(dsl, { incidentId, text: 'Spoke to both pupils.', ...cf });
    await expect(attempt({})).rejects.toMatchObject({
      fieldErrors: { [`cf_${OUTCOME}`]: ['Choose an option for “Outcome”.'] },
    });
    await expect(attempt({ [`cf_${OUTCOME}`]: 'Forgotten' })).rejects.toMatchObject({
      fieldErrors: { [`cf_${OUTCOME}`]: ['Choose from the list.'] },
    });
    const badDate = attempt({ [`cf_${OUTCOME}`]: 'Resolved', [`cf_${REVIEW_ON}`]: '31/02/2026' });
    await expect(badDate).rejects.toBeInstanceOf(UserError);
    await expect(badDate).rejects.toMatchObject({ fieldErrors: { [`cf_${REVIEW_ON}`]: ['Enter a date.'] } });
    expect(await actionsOf(incidentId)).toEqual([]);
  });

  it('stores the values in the action and its first version; a field for a category the incident lacks is ignored', async () => {
    const { incidentId } = await newIncident();
    const { actionId } = await addAction(dsl, {
      incidentId,
      text: 'Spoke to both pupils.',
      [`cf_${OUTCOME}`]: 'Resolved',
      [`cf_${REVIEW_ON}`]: '2026-04-01',
      // Child Protection is not on the incident, so the referral field does not apply (nor is it required).
      [`cf_${REFERRAL}`]: 'Sent anyway',
      [`cf_${NOWHERE}`]: 'Not a field',
    });
    const [row] = await actionsOf(incidentId);
    expect(row?.customFields).toEqual({ [OUTCOME]: 'Resolved', [REVIEW_ON]: '2026-04-01' });
    const [v1] = await inSchool(a.id, (tx) =>
      tx.select().from(actionVersions).where(eq(actionVersions.actionId, actionId)),
    );
    expect(v1?.snapshot).toMatchObject({ customFields: { [OUTCOME]: 'Resolved', [REVIEW_ON]: '2026-04-01' } });
  });

  it('asks for a field tied to a category once the action adds that category', async () => {
    const { incidentId } = await newIncident();
    const base = { incidentId, text: 'Raised to child protection.', categoryIds: cat['Child Protection']! };
    await expect(addAction(dsl, { ...base, [`cf_${OUTCOME}`]: 'Referred' })).rejects.toMatchObject({
      fieldErrors: { [`cf_${REFERRAL}`]: ['Fill in “Referral reference”.'] },
    });
    await addAction(dsl, { ...base, [`cf_${OUTCOME}`]: 'Referred', [`cf_${REFERRAL}`]: 'MASH-2231' });
    const [row] = await actionsOf(incidentId);
    expect(row?.customFields).toEqual({ [OUTCOME]: 'Referred', [REFERRAL]: 'MASH-2231' });
  });

  it('edits them as a new version, keeping a deleted field’s value, and shows them in the chronology, history and PDF', async () => {
    const { incidentId } = await newIncident({ [LOCATION]: 'Canteen' });
    const { actionId } = await addAction(dsl, { incidentId, text: 'Called home.', [`cf_${OUTCOME}`]: 'Resolved' });
    // A value of a field since deleted, and one no field names (say, from a transfer).
    await inSchool(a.id, (tx) =>
      tx
        .update(incidentActions)
        .set({
          customFields: { [OUTCOME]: 'Resolved', [OLD_ACTION_FIELD]: 'Phoned on Friday', [NOWHERE]: 'Unlabelled' },
        })
        .where(eq(incidentActions.id, actionId)),
    );
    const form = await getActionForEdit(dsl, incidentId, actionId);
    expect(form.form.filter((f) => f.kind === 'custom').map((f) => f.kind === 'custom' && f.field.label)).toEqual([
      'Outcome',
      'Review on',
      'Referral reference',
    ]);
    expect(form.customValues).toMatchObject({ [OUTCOME]: 'Resolved' });

    const bad = editAction(dsl, {
      actionId,
      version: 1,
      text: 'Called home.',
      occurredAt: '2026-03-02T10:00',
      agencies: '',
      [`cf_${OUTCOME}`]: 'Referred',
      [`cf_${REVIEW_ON}`]: '2026-02-30x',
    });
    await expect(bad).rejects.toMatchObject({ fieldErrors: { [`cf_${REVIEW_ON}`]: ['Enter a date.'] } });

    await editAction(dsl, {
      actionId,
      version: 1,
      text: 'Called home.',
      occurredAt: '2026-03-02T10:00',
      agencies: '',
      [`cf_${OUTCOME}`]: 'Referred',
      [`cf_${REVIEW_ON}`]: '2026-05-11',
    });
    const [row] = await actionsOf(incidentId);
    expect(row).toMatchObject({
      version: 2,
      customFields: {
        [OUTCOME]: 'Referred',
        [REVIEW_ON]: '2026-05-11',
        [OLD_ACTION_FIELD]: 'Phoned on Friday',
        [NOWHERE]: 'Unlabelled',
      },
    });
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'action.edited'), eq(auditLog.entityId, actionId))),
    );
    expect((audit?.details as { changed: string[] }).changed).toContain('customFields');

    const history = await listActionVersions(dsl, incidentId, actionId);
    expect(history.versions.map((v) => [v.version, v.customFields[OUTCOME]])).toEqual([
      [2, 'Referred'],
      [1, 'Resolved'],
    ]);

    const subject = await accessSubjectOf(dsl);
    const chronology = await dsl.run((tx) => chronologyFor(tx, dsl, subject, zoe, style));
    const shown = chronology.incidents.find((i) => i.id === incidentId)!;
    expect(shown.actions[0]?.customFields).toMatchObject({ [OUTCOME]: 'Referred' });

    const printed = pdfText((await printIncident(dsl, incidentId, style)).pdf);
    expect(printed).toMatch(/Location\s+Canteen/);
    expect(printed).toMatch(/Outcome\s+Referred/);
    expect(printed).toMatch(/Review on\s+2026-05-11/);
    expect(printed).toMatch(/Old follow-up\s+Phoned on Friday/);
    expect(printed).not.toContain('Unlabelled');
    expect(printed).not.toContain('Removed field');
  });

  it('is refused for another school’s action, without pupil rights and without the key, changing nothing', async () => {
    const { incidentId } = await newIncident();
    const { actionId } = await addAction(dsl, { incidentId, text: 'Original.', [`cf_${OUTCOME}`]: 'Resolved' });
    const edit = {
      actionId,
      version: 1,
      text: 'Changed.',
      occurredAt: '2026-03-02T10:00',
      agencies: '',
      [`cf_${OUTCOME}`]: 'Referred',
    };
    await expect(editAction(bDsl, edit)).rejects.toBeInstanceOf(NotFoundError);
    await expect(editAction(teacher, edit)).rejects.toBeInstanceOf(NotFoundError);
    await expect(editAction(dslNoKey, edit)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getActionForEdit(bDsl, incidentId, actionId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      addAction(bDsl, { incidentId, text: 'From elsewhere.', [`cf_${OUTCOME}`]: 'Resolved' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      addAction(dslNoKey, { incidentId, text: 'No key.', [`cf_${OUTCOME}`]: 'Resolved' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const rows = await actionsOf(incidentId);
    expect(rows.map((r) => [r.text, r.version, r.customFields])).toEqual([['Original.', 1, { [OUTCOME]: 'Resolved' }]]);
  });
});

describe('custom fields on the pupil’s profile', () => {
  const details = (version: number, more: Record<string, unknown> = {}) => ({
    studentId: harry,
    version,
    summary: 'Lives with grandmother.',
    keywords: '',
    agencies: '',
    ...more,
  });

  it('offers the student form on Edit information and saves the values with the profile’s version, audited', async () => {
    const edit = await getProfileEdit(dsl, harry, style);
    expect(edit.data.form.map((f) => (f.kind === 'custom' ? f.field.label : f.name))).toEqual([
      'summary',
      'keywords',
      'agencies',
      'Young carer',
      'Plan review',
    ]);
    const v1 = await updateProfileDetails(
      dsl,
      details(0, { [`cf_${CARER}`]: 'Yes', [`cf_${PLAN_REVIEW}`]: '2026-06-01' }),
    );
    expect(v1).toBe(1);
    const v2 = await updateProfileDetails(dsl, details(1, { [`cf_${CARER}`]: 'No', [`cf_${PLAN_REVIEW}`]: '' }));
    expect(v2).toBe(2);
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(studentProfiles).where(eq(studentProfiles.studentId, harry)),
    );
    expect(row).toMatchObject({ version: 2, customFields: { [CARER]: 'No' } });
    const audits = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'student.profile_updated'), eq(auditLog.entityId, harry))),
    );
    expect(audits.map((x) => (x.details as { after: { customFields: unknown } }).after.customFields)).toEqual([
      { [CARER]: 'Yes', [PLAN_REVIEW]: '2026-06-01' },
      { [CARER]: 'No' },
    ]);
    expect((audits[1]!.details as { before: { customFields: unknown } }).before.customFields).toEqual({
      [CARER]: 'Yes',
      [PLAN_REVIEW]: '2026-06-01',
    });
    // A stale save (version 1 again) is refused, and the values stay.
    await expect(updateProfileDetails(dsl, details(1, { [`cf_${CARER}`]: 'Yes' }))).rejects.toBeInstanceOf(UserError);
    expect((await getProfileEdit(dsl, harry, style)).data.profile.customValues).toEqual({ [CARER]: 'No' });
  });

  it('refuses a value of the wrong kind with a message for the field, saving nothing', async () => {
    const before = await getProfileEdit(dsl, zoe, style);
    const version = before.data.profile.version;
    const bad = updateProfileDetails(dsl, {
      ...details(version, { [`cf_${CARER}`]: 'Maybe', [`cf_${PLAN_REVIEW}`]: 'next week' }),
      studentId: zoe,
    });
    await expect(bad).rejects.toMatchObject({
      fieldErrors: { [`cf_${CARER}`]: ['Choose from the list.'], [`cf_${PLAN_REVIEW}`]: ['Enter a date.'] },
    });
    expect((await getProfileEdit(dsl, zoe, style)).data.profile).toMatchObject({ version, customValues: {} });
  });

  it('shows the values on the overview, a deleted field still labelled and an unknown one left out but kept', async () => {
    await inSchool(a.id, (tx) =>
      tx
        .update(studentProfiles)
        .set({ customFields: { [CARER]: 'No', [OLD_STUDENT_FIELD]: 'Moved in 2024', [NOWHERE]: 'Unlabelled' } })
        .where(eq(studentProfiles.studentId, harry)),
    );
    const page = await getProfileOverview(dsl, harry, style);
    expect(page.data.customFields).toEqual([
      { label: 'Young carer', value: 'No' },
      { label: 'Old note', value: 'Moved in 2024' },
    ]);
    // Saving the form again changes what it offers and keeps the rest.
    const version = (await getProfileEdit(dsl, harry, style)).data.profile.version;
    await updateProfileDetails(dsl, details(version, { [`cf_${CARER}`]: 'Yes' }));
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(studentProfiles).where(eq(studentProfiles.studentId, harry)),
    );
    expect(row?.customFields).toEqual({
      [CARER]: 'Yes',
      [OLD_STUDENT_FIELD]: 'Moved in 2024',
      [NOWHERE]: 'Unlabelled',
    });
  });

  it('is shown and saved only for whoever may open the pupil: not another school, not without rights or the key', async () => {
    const attempt = (ctx: UserCtx, studentId = harry) =>
      updateProfileDetails(ctx, { ...details(99, { [`cf_${CARER}`]: 'No' }), studentId });
    await expect(attempt(bDsl)).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt(dsl, bPupil)).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt(teacher)).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt(dslNoKey)).rejects.toBeInstanceOf(NeedsElevationError);
    await expect(getProfileOverview(teacher, harry, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileOverview(bDsl, harry, style)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProfileOverview(dslNoKey, harry, style)).rejects.toBeInstanceOf(NeedsElevationError);
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(studentProfiles).where(eq(studentProfiles.studentId, harry)),
    );
    expect((row?.customFields as Record<string, unknown>)[CARER]).toBe('Yes');
  });
});
