/**
 * Complete editing: an action's edit is a version (who and when, the old one
 * kept, the chronology showing the latest), and the incident edit also
 * changes map markers and custom fields, alerts people and links pupils (each
 * new one getting a copy) in one version. Each is refused for another
 * school's ids, for staff who may not edit and without the key, and a
 * doubled submission is applied once.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfText } from '../support/pdf';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  actionVersions,
  alerts,
  auditLog,
  categories,
  incidentActions,
  incidentCategories,
  incidents,
  incidentVersions,
  monitoringPeriods,
  outbox,
} from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { ActionEditConflictError, editAction, getActionForEdit, listActionVersions } from '@/lib/incidents/edit-action';
import { editIncident } from '@/lib/incidents';
import { chronologyFor, getIncident } from '@/lib/incidents/queries';
import { printIncident } from '@/lib/incidents/print';
import type { FormFieldRef } from '@/lib/settings';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let hoy: UserCtx;
let unelevated: UserCtx;
let bDsl: UserCtx;
let zoe: string;
let seun: string;
let ade: string;
let bPupil: string;
let cat: Record<string, string>;

const LOCATION = '7b0d7c36-5b7e-4f0e-9c1e-2f6f7d7f0a01';
const SEEN_ON = '7b0d7c36-5b7e-4f0e-9c1e-2f6f7d7f0a02';

const add = (text: string, studentId = zoe) =>
  createIncident(teacher, { studentId, text, categoryIds: cat['Behaviour']! });
const actionEdit = (actionId: string, version: number, change: Record<string, unknown> = {}) => ({
  actionId,
  version,
  text: 'Called the parent again.',
  occurredAt: '2026-03-02T10:00',
  agencies: '',
  ...change,
});
const incidentEdit = (incidentId: string, version: number, change: Record<string, unknown> = {}) => ({
  incidentId,
  version,
  text: 'Edited text',
  categoryIds: cat['Behaviour']!,
  occurredAt: '2026-03-01T09:00',
  status: 'active',
  agencies: '',
  ...change,
});

beforeAll(async () => {
  a = await makeSchool('incidents-editing-a');
  b = await makeSchool('incidents-editing-b');
  const form: FormFieldRef[] = [
    ...a.settings.incidentForm,
    {
      kind: 'custom',
      advice: '',
      field: {
        id: LOCATION,
        label: 'Location',
        kind: 'dropdown',
        options: ['Playground', 'Classroom'],
        multiple: false,
        required: false,
        categoryIds: [],
        retired: false,
      },
    },
    {
      kind: 'custom',
      advice: '',
      field: {
        id: SEEN_ON,
        label: 'Seen on',
        kind: 'date',
        options: [],
        multiple: false,
        required: false,
        categoryIds: [],
        retired: false,
      },
    },
  ];
  a = { ...a, settings: { ...a.settings, studentSearchOnAddIncident: true, incidentForm: form } };
  const teacherId = await makeUser({
    email: 'teacher@ie.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  const dslId = await makeUser({
    email: 'dsl@ie.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const hoyId = await makeUser({
    email: 'hoy@ie.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  const bId = await makeUser({
    email: 'dsl@ie-b.example.org',
    displayName: 'B DSL',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  unelevated = (await signedIn(a, dslId)).ctx;
  hoy = (await signedIn(a, hoyId, { elevated: true })).ctx;
  bDsl = (await signedIn(b, bId, { elevated: true })).ctx;
  [zoe, seun, ade] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien" },
    { legalForename: 'Seun', legalSurname: 'Adeyemi', tutorGroup: '8B', yearGroup: 'Year 8' },
    { legalForename: 'Ade', legalSurname: 'Łęcka', tutorGroup: '8B', yearGroup: 'Year 8' },
  ])) as [string, string, string];
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Bea', legalSurname: 'Other' }])) as [string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});

describe('editing an action', () => {
  it('makes a new version with who and when, keeps the old one, and the chronology shows the latest', async () => {
    const { incidentId } = await add('A concern.');
    const { actionId } = await addAction(hoy, {
      incidentId,
      text: 'Called the parent.',
      occurredAt: '2026-03-02T09:00',
      categoryIds: cat['Family'],
    });
    const before = await getActionForEdit(dsl, incidentId, actionId);
    expect(before).toMatchObject({ version: 1, text: 'Called the parent.', occurredAt: '2026-03-02T09:00' });

    const saved = await editAction(dsl, actionEdit(actionId, 1, { agencies: 'Early Help' }));
    expect(saved).toEqual({ actionId, incidentId, version: 2 });

    const history = await listActionVersions(dsl, incidentId, actionId);
    expect(history.versions.map((v) => [v.version, v.text, v.savedBy, v.agencies, v.categoryNames])).toEqual([
      [2, 'Called the parent again.', 'David Okafor', ['Early Help'], ['Family']],
      [1, 'Called the parent.', 'Ben Price', [], ['Family']],
    ]);
    const subject = await accessSubjectOf(dsl);
    const chronology = await dsl.run((tx) => chronologyFor(tx, dsl, subject, zoe, style));
    const shown = chronology.incidents.find((i) => i.id === incidentId)!.actions[0]!;
    expect(shown).toMatchObject({ text: 'Called the parent again.', agencies: ['Early Help'], version: 2 });
    const printed = pdfText((await printIncident(dsl, incidentId, style)).pdf);
    expect(printed).toContain('Called the parent again.');
    expect(printed).not.toMatch(/Called the parent\.\s/);

    const stored = await inSchool(a.id, (tx) =>
      tx.select().from(actionVersions).where(eq(actionVersions.actionId, actionId)),
    );
    expect(stored.map((v) => v.version).sort()).toEqual([1, 2]);
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'action.edited'), eq(auditLog.entityId, actionId))),
    );
    expect(audit?.details).toMatchObject({ studentId: zoe, version: 2, changed: ['text', 'occurredAt', 'agencies'] });
  });

  it('refuses a stale edit and a bad date, saving nothing', async () => {
    const { incidentId } = await add('Another concern.');
    const { actionId } = await addAction(dsl, { incidentId, text: 'First.' });
    await editAction(dsl, actionEdit(actionId, 1));
    await expect(editAction(dsl, actionEdit(actionId, 1, { text: 'Lost.' }))).rejects.toBeInstanceOf(
      ActionEditConflictError,
    );
    await expect(editAction(dsl, actionEdit(actionId, 2, { occurredAt: '2026-13-45T99:00' }))).rejects.toMatchObject({
      fieldErrors: { occurredAt: ['Enter a valid date and time.'] },
    });
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(incidentActions).where(eq(incidentActions.id, actionId)),
    );
    expect(row).toMatchObject({ text: 'Called the parent again.', version: 2 });
  });

  it('is not found for another school, a teacher and without the key; not allowed for a non-editor', async () => {
    const { incidentId } = await add('Not for editing.');
    const { actionId } = await addAction(hoy, { incidentId, text: 'Original action.' });
    await expect(editAction(bDsl, actionEdit(actionId, 1))).rejects.toBeInstanceOf(NotFoundError);
    await expect(editAction(teacher, actionEdit(actionId, 1))).rejects.toBeInstanceOf(NotFoundError);
    await expect(editAction(unelevated, actionEdit(actionId, 1))).rejects.toBeInstanceOf(NotFoundError);
    await expect(editAction(hoy, actionEdit(actionId, 1))).rejects.toBeInstanceOf(NotAllowedError);
    await expect(editAction(dsl, actionEdit(randomUUID(), 1))).rejects.toBeInstanceOf(NotFoundError);
    // The page's address must name the action's own incident.
    const other = await add('Another incident.');
    await expect(getActionForEdit(dsl, other.incidentId, actionId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getActionForEdit(bDsl, incidentId, actionId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listActionVersions(bDsl, incidentId, actionId)).rejects.toBeInstanceOf(NotFoundError);
    const [row] = await inSchool(a.id, (tx) =>
      tx.select().from(incidentActions).where(eq(incidentActions.id, actionId)),
    );
    expect(row).toMatchObject({ text: 'Original action.', version: 1 });
  });

  it('applies a doubled submission once, and refuses the same key with other content', async () => {
    const { incidentId } = await add('Doubled.');
    const { actionId } = await addAction(dsl, { incidentId, text: 'Once.' });
    const submissionKey = randomUUID();
    const edit = actionEdit(actionId, 1, { submissionKey });
    const [first, second] = await Promise.all([editAction(dsl, edit), editAction(dsl, edit)]);
    expect(first).toEqual(second);
    expect(first.version).toBe(2);
    const versions = await inSchool(a.id, (tx) =>
      tx.select().from(actionVersions).where(eq(actionVersions.actionId, actionId)),
    );
    expect(versions).toHaveLength(2);
    await expect(editAction(dsl, { ...edit, text: 'Changed meanwhile.' })).rejects.toThrow('already saved');
  });
});

describe('editing an incident: markers, custom fields, alerts, linked pupils', () => {
  it('changes markers and custom fields, alerts people and links a pupil, in one version', async () => {
    const { incidentId } = await add('A bruise was seen.');
    const mailBefore = (await inSchool(a.id, (tx) => tx.select().from(outbox))).length;
    const markers = JSON.stringify([{ mapId: 'body-front', x: 0.4, y: 0.3, note: 'Left arm' }]);
    const result = await editIncident(
      dsl,
      incidentEdit(incidentId, 1, {
        text: 'A bruise was seen on the left arm.',
        markers,
        customFields: { [LOCATION]: 'Playground', [SEEN_ON]: '2026-03-01' },
        alertUserIds: hoy.user.id,
        linked: JSON.stringify([{ studentId: seun, role: 'witness', categoryIds: [cat['Family']] }]),
      }),
    );
    expect(result).toEqual({ version: 2 });
    const edited = await getIncident(dsl, incidentId, style);
    expect(edited.markers).toEqual([{ mapId: 'body-front', x: 0.4, y: 0.3, note: 'Left arm', number: 1 }]);
    expect(edited.customFields).toEqual({ [LOCATION]: 'Playground', [SEEN_ON]: '2026-03-01' });
    expect(edited.linked).toEqual([{ studentName: 'Seun Adeyemi', role: 'witness' }]);

    const versions = await inSchool(a.id, (tx) =>
      tx.select().from(incidentVersions).where(eq(incidentVersions.incidentId, incidentId)),
    );
    expect(versions).toHaveLength(2);
    expect(versions.find((v) => v.version === 2)?.snapshot).toMatchObject({
      markers: [{ mapId: 'body-front', note: 'Left arm', number: 1 }],
      customFields: { [LOCATION]: 'Playground' },
    });

    // The new linked pupil's copy: same record, its own number, role and monitoring, a first version.
    const [main] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    const [copy] = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(incidents)
        .where(and(eq(incidents.recordId, main!.recordId), eq(incidents.studentId, seun))),
    );
    expect(copy).toMatchObject({ role: 'witness', text: 'A bruise was seen on the left arm.', version: 1 });
    expect(copy!.number).not.toBe(main!.number);
    const copyCats = await inSchool(a.id, (tx) =>
      tx.select().from(incidentCategories).where(eq(incidentCategories.incidentId, copy!.id)),
    );
    expect(copyCats.map((c) => c.categoryId)).toEqual([cat['Behaviour']]);
    const monitored = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(monitoringPeriods)
        .where(and(eq(monitoringPeriods.studentId, seun), isNull(monitoringPeriods.endedOn))),
    );
    expect(monitored.map((m) => m.categoryId)).toContain(cat['Family']);
    const copyVersions = await inSchool(a.id, (tx) =>
      tx.select().from(incidentVersions).where(eq(incidentVersions.incidentId, copy!.id)),
    );
    expect(copyVersions).toHaveLength(1);
    // The copy is in Seun's chronology.
    const subject = await accessSubjectOf(dsl);
    const seunChronology = await dsl.run((tx) => chronologyFor(tx, dsl, subject, seun, style));
    expect(seunChronology.incidents.map((i) => i.id)).toContain(copy!.id);

    // The person chosen is alerted about the incident, with one content-free email.
    const alerted = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.incidentId, incidentId)));
    expect(alerted.map((x) => [x.userId, x.reason])).toEqual([[hoy.user.id, 'chosen']]);
    const mail = await inSchool(a.id, (tx) => tx.select().from(outbox));
    expect(mail.length).toBe(mailBefore + 1);
    expect(JSON.stringify(mail.at(-1))).not.toContain('bruise');
    expect(JSON.stringify(mail.at(-1))).not.toContain('Zoë');
  });

  it('validates custom fields by kind: a bad date, an option not in the list', async () => {
    const { incidentId } = await add('Custom fields.');
    const badDate = editIncident(dsl, incidentEdit(incidentId, 1, { customFields: { [SEEN_ON]: '01/03/2026' } }));
    await expect(badDate).rejects.toBeInstanceOf(UserError);
    await expect(badDate).rejects.toMatchObject({ fieldErrors: { [`cf_${SEEN_ON}`]: ['Enter a date.'] } });
    const badOption = editIncident(dsl, incidentEdit(incidentId, 1, { customFields: { [LOCATION]: 'Roof' } }));
    await expect(badOption).rejects.toMatchObject({ fieldErrors: { [`cf_${LOCATION}`]: ['Choose from the list.'] } });
    const [row] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    expect(row).toMatchObject({ version: 1, text: 'Custom fields.', customFields: {} });
  });

  it('refuses another school’s pupil, the incident’s own pupil and a pupil already linked, saving nothing', async () => {
    const { incidentId } = await add('Linking.');
    const link = (studentId: string) => JSON.stringify([{ studentId, role: 'involved' }]);
    await expect(editIncident(dsl, incidentEdit(incidentId, 1, { linked: link(bPupil) }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(editIncident(dsl, incidentEdit(incidentId, 1, { linked: link(zoe) }))).rejects.toMatchObject({
      fieldErrors: { linked: [expect.stringContaining('already')] },
    });
    await editIncident(dsl, incidentEdit(incidentId, 1, { linked: link(ade) }));
    await expect(editIncident(dsl, incidentEdit(incidentId, 2, { linked: link(ade) }))).rejects.toMatchObject({
      fieldErrors: { linked: [expect.stringContaining('already')] },
    });
    const [main] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    const copies = await inSchool(a.id, (tx) =>
      tx.select().from(incidents).where(eq(incidents.recordId, main!.recordId)),
    );
    expect(copies.map((c) => c.studentId).sort()).toEqual([zoe, ade].sort());
    expect(main!.version).toBe(2);
  });

  it('is not found for another school, a teacher and without the key; not allowed for a non-editor', async () => {
    const { incidentId } = await add('Not yours.');
    const change = { markers: JSON.stringify([{ mapId: 'body-back', x: 0.5, y: 0.5, note: '' }]) };
    await expect(editIncident(bDsl, incidentEdit(incidentId, 1, change))).rejects.toBeInstanceOf(NotFoundError);
    await expect(editIncident(teacher, incidentEdit(incidentId, 1, change))).rejects.toBeInstanceOf(NotFoundError);
    await expect(editIncident(unelevated, incidentEdit(incidentId, 1, change))).rejects.toBeInstanceOf(NotFoundError);
    await expect(editIncident(hoy, incidentEdit(incidentId, 1, change))).rejects.toBeInstanceOf(NotAllowedError);
    // A marker on a map that is not this school's is not found, like any other school's record.
    const foreignMap = { markers: JSON.stringify([{ mapId: randomUUID(), x: 0.5, y: 0.5, note: '' }]) };
    await expect(editIncident(dsl, incidentEdit(incidentId, 1, foreignMap))).rejects.toBeInstanceOf(NotFoundError);
    const [row] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    expect(row).toMatchObject({ version: 1, markers: [] });
  });

  it('applies a doubled edit once: one version, one copy, one alert', async () => {
    const { incidentId } = await add('Doubled edit.');
    const submissionKey = randomUUID();
    const edit = incidentEdit(incidentId, 1, {
      submissionKey,
      alertUserIds: hoy.user.id,
      linked: JSON.stringify([{ studentId: ade, role: 'affected' }]),
    });
    const [first, second] = await Promise.all([editIncident(dsl, edit), editIncident(dsl, edit)]);
    expect(first).toEqual({ version: 2 });
    expect(second).toEqual(first);
    const versions = await inSchool(a.id, (tx) =>
      tx.select().from(incidentVersions).where(eq(incidentVersions.incidentId, incidentId)),
    );
    expect(versions).toHaveLength(2);
    const [main] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    const copies = await inSchool(a.id, (tx) =>
      tx.select().from(incidents).where(eq(incidents.recordId, main!.recordId)),
    );
    expect(copies).toHaveLength(2);
    const alerted = await inSchool(a.id, (tx) => tx.select().from(alerts).where(eq(alerts.incidentId, incidentId)));
    expect(alerted).toHaveLength(1);
  });
});
