/**
 * Changing incidents: edit with versions and a clear conflict on a stale
 * edit, delete with a reason (gone for others, restorable by editors), pin,
 * merge into another incident of the same pupil, split an action out, delete
 * and restore an action, add an action to linked pupils' records later —
 * and who may do each.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import {
  alerts,
  auditLog,
  categories,
  incidentActions,
  incidentCategories,
  incidentVersions,
  incidents,
  monitoringPeriods,
  outbox,
} from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { addAction } from '@/lib/incidents/add-action';
import { actableLinkedCount, addActionToLinked, linkedTargetsByAction } from '@/lib/incidents/copy-action';
import { createIncident } from '@/lib/incidents/create';
import { deleteAction, restoreAction, splitAction } from '@/lib/incidents/action-changes';
import {
  deleteIncident,
  EditConflictError,
  editIncident,
  listIncidentVersions,
  pinIncident,
  restoreIncident,
} from '@/lib/incidents/manage';
import { mergeIncident, previewMerge } from '@/lib/incidents/merge';
import { chronologyFor, getIncident } from '@/lib/incidents/queries';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
let a: School;
let b: School;
let teacher: UserCtx;
let dsl: UserCtx;
let slt: UserCtx;
let hoy: UserCtx;
let bDsl: UserCtx;
let zoe: string;
let seun: string;
let ade: string;
let cat: Record<string, string>;

const chronology = async (ctx: UserCtx, studentId: string) => {
  const subject = await accessSubjectOf(ctx);
  return ctx.run((tx) => chronologyFor(tx, ctx, subject, studentId, style)).then((c) => c.incidents);
};
const add = (text: string, category = 'Behaviour', studentId = zoe) =>
  createIncident(teacher, { studentId, text, categoryIds: cat[category]! });
const editOf = (id: string, version: number, change: Record<string, unknown> = {}) => ({
  incidentId: id,
  version,
  text: 'Edited text',
  categoryIds: cat['Behaviour']!,
  occurredAt: '2026-03-01T09:00',
  status: 'active',
  agencies: '',
  ...change,
});

beforeAll(async () => {
  a = await makeSchool('incidents-manage-a');
  a = { ...a, settings: { ...a.settings, studentSearchOnAddIncident: true } };
  b = await makeSchool('incidents-manage-b');
  const teacherId = await makeUser({
    email: 'teacher@im.example.org',
    displayName: 'Tom Hughes',
    memberships: { [a.slug]: 'Teachers' },
  });
  const dslId = await makeUser({
    email: 'dsl@im.example.org',
    displayName: 'David Okafor',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const sltId = await makeUser({
    email: 'slt@im.example.org',
    displayName: 'Sam Lee',
    memberships: { [a.slug]: 'SLT' },
    totpSecret: SECRET,
  });
  const hoyId = await makeUser({
    email: 'hoy@im.example.org',
    displayName: 'Ben Price',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  const bId = await makeUser({
    email: 'dsl@im-b.example.org',
    displayName: 'B DSL',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  teacher = (await signedIn(a, teacherId)).ctx;
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  slt = (await signedIn(a, sltId, { elevated: true })).ctx;
  hoy = (await signedIn(a, hoyId, { elevated: true })).ctx;
  bDsl = (await signedIn(b, bId, { elevated: true })).ctx;
  [zoe, seun, ade] = (await addPupils(a.id, [
    { legalForename: 'Zoë', legalSurname: "O'Brien" },
    { legalForename: 'Seun', legalSurname: 'Adeyemi', tutorGroup: '8B', yearGroup: 'Year 8' },
    { legalForename: 'Ade', legalSurname: 'Łęcka', tutorGroup: '8B', yearGroup: 'Year 8' },
  ])) as [string, string, string];
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});

describe('editing', () => {
  it('keeps every version with who and when, and refuses a stale edit with a clear message', async () => {
    const { incidentId } = await add('First words.');
    expect(await editIncident(dsl, editOf(incidentId, 1, { text: 'Second words.' }))).toEqual({ version: 2 });
    const stale = editIncident(dsl, editOf(incidentId, 1, { text: 'Lost words.' }));
    await expect(stale).rejects.toBeInstanceOf(EditConflictError);
    await expect(stale).rejects.toThrow('Someone else changed this incident');
    const history = await listIncidentVersions(dsl, incidentId);
    expect(history.versions.map((v) => [v.version, v.text, v.savedBy])).toEqual([
      [2, 'Second words.', 'David Okafor'],
      [1, 'First words.', 'Tom Hughes'],
    ]);
    expect((await getIncident(dsl, incidentId, style)).text).toBe('Second words.');
  });

  it('raising an incident to Child Protection hides it from a Behaviour-only viewer', async () => {
    const { incidentId } = await add('Behaviour at first.');
    expect((await chronology(hoy, zoe)).some((i) => i.id === incidentId)).toBe(true);
    await editIncident(dsl, editOf(incidentId, 1, { categoryIds: `${cat['Behaviour']},${cat['Child Protection']}` }));
    expect((await chronology(hoy, zoe)).some((i) => i.id === incidentId)).toBe(false);
    // Taking it off again brings it back: only live category rows count.
    await editIncident(dsl, editOf(incidentId, 2, { categoryIds: cat['Behaviour'] }));
    expect((await chronology(hoy, zoe)).some((i) => i.id === incidentId)).toBe(true);
  });

  it('needs the edit permission, the key, and the incident of this school', async () => {
    const { incidentId } = await add('Not for editing.');
    await expect(editIncident(hoy, editOf(incidentId, 1))).rejects.toBeInstanceOf(NotAllowedError);
    await expect(editIncident(teacher, editOf(incidentId, 1))).rejects.toBeInstanceOf(NotFoundError);
    const unelevated = (await signedIn(a, dsl.user.id)).ctx;
    await expect(editIncident(unelevated, editOf(incidentId, 1))).rejects.toBeInstanceOf(NotFoundError);
    await expect(editIncident(bDsl, editOf(incidentId, 1))).rejects.toBeInstanceOf(NotFoundError);
    const [row] = await inSchool(a.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, incidentId)));
    expect(row).toMatchObject({ text: 'Not for editing.', version: 1 });
  });
});

describe('deleting and restoring', () => {
  it('hides a deleted incident from everyone but editors, who see why and can restore it', async () => {
    const { incidentId } = await add('Entered on the wrong pupil.');
    await expect(deleteIncident(dsl, { incidentId, reason: 'x' })).rejects.toThrow();
    await deleteIncident(dsl, { incidentId, reason: 'Recorded on the wrong pupil' });
    expect((await chronology(hoy, zoe)).some((i) => i.id === incidentId)).toBe(false);
    await expect(getIncident(hoy, incidentId, style)).rejects.toBeInstanceOf(NotFoundError);
    // SLT read every category but cannot edit: a deleted incident is gone for them too.
    expect((await chronology(slt, zoe)).some((i) => i.id === incidentId)).toBe(false);
    const seen = (await chronology(dsl, zoe)).find((i) => i.id === incidentId);
    expect(seen?.deleted?.reason).toBe('Recorded on the wrong pupil');
    await expect(restoreIncident(hoy, { incidentId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(restoreIncident(slt, { incidentId })).rejects.toBeInstanceOf(NotFoundError);
    await restoreIncident(dsl, { incidentId });
    expect((await getIncident(hoy, incidentId, style)).deleted).toBeNull();
  });

  it('pins an incident to the top of the chronology', async () => {
    const { incidentId } = await createIncident(teacher, {
      studentId: zoe,
      text: 'Old but important.',
      categoryIds: cat['Behaviour']!,
      occurredAt: '2025-01-10T10:00',
    });
    await pinIncident(dsl, { incidentId, pinned: '1' });
    expect((await chronology(dsl, zoe))[0]?.id).toBe(incidentId);
    await expect(pinIncident(hoy, { incidentId, pinned: '0' })).rejects.toBeInstanceOf(NotAllowedError);
  });
});

describe('merging and splitting', () => {
  it('previews and merges an incident into another of the same pupil as an action', async () => {
    const target = await add('The first report.');
    const source = await add('A second report of the same event.');
    await expect(
      addAction(teacher, { incidentId: source.incidentId, text: 'Spoke to parent.' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await addAction(dsl, { incidentId: source.incidentId, text: 'Called parent.', categoryIds: cat['Family'] });
    const preview = await previewMerge(dsl, { incidentId: source.incidentId, intoNumber: `#${target.number}` }, style);
    expect(preview).toMatchObject({ number: target.number, studentName: "Zoë O'Brien", text: 'The first report.' });
    await mergeIncident(dsl, { incidentId: source.incidentId, intoNumber: String(target.number) });
    const merged = await getIncident(dsl, target.incidentId, style);
    expect(merged.text).toBe('The first report.');
    expect(merged.actions.map((x) => x.text)).toEqual(['A second report of the same event.', 'Called parent.']);
    expect(merged.categories.map((c) => c.name).sort()).toEqual(['Behaviour', 'Behaviour', 'Family'].sort());
    await expect(getIncident(dsl, source.incidentId, style)).rejects.toBeInstanceOf(NotFoundError);
    expect((await chronology(dsl, zoe)).some((i) => i.id === source.incidentId)).toBe(false);
  });

  it('refuses merging into another pupil’s incident, itself, or an unknown number', async () => {
    const mine = await add('About Zoë.');
    const other = await add('About Seun.', 'Behaviour', seun);
    for (const intoNumber of [String(other.number), String(mine.number), '99999', 'abc']) {
      await expect(mergeIncident(dsl, { incidentId: mine.incidentId, intoNumber })).rejects.toBeInstanceOf(
        intoNumber === 'abc' ? Error : UserError,
      );
    }
    await expect(
      mergeIncident(hoy, { incidentId: mine.incidentId, intoNumber: String(other.number) }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    // The preview reads the number box as typed: a bad number is a message next to it, not a fault.
    const typo = previewMerge(dsl, { incidentId: mine.incidentId, intoNumber: 'abc' }, style);
    await expect(typo).rejects.toBeInstanceOf(UserError);
    await expect(typo).rejects.toMatchObject({
      fieldErrors: { intoNumber: ['Enter the number of the incident to merge into, e.g. 1042.'] },
    });
  });

  it('splits an action out as an incident of its own, and restores a deleted action with its categories', async () => {
    const { incidentId } = await add('Original concern.');
    const { actionId } = await addAction(dsl, { incidentId, text: 'A new, separate disclosure.' });
    const split = await splitAction(dsl, { actionId, categoryIds: cat['Safeguarding'] });
    const created = await getIncident(dsl, split.incidentId, style);
    expect(created).toMatchObject({ text: 'A new, separate disclosure.', number: split.number, studentId: zoe });
    expect((await getIncident(dsl, incidentId, style)).actions[0]?.deleted?.reason).toBe(
      `Split into incident #${split.number}`,
    );
    await expect(restoreAction(dsl, { actionId })).rejects.toBeInstanceOf(UserError);

    const raised = await addAction(dsl, { incidentId, text: 'Raised to CP.', categoryIds: cat['Child Protection'] });
    expect((await chronology(hoy, zoe)).some((i) => i.id === incidentId)).toBe(false);
    await deleteAction(dsl, { actionId: raised.actionId, reason: 'Added in error' });
    expect((await chronology(hoy, zoe)).some((i) => i.id === incidentId)).toBe(true);
    await restoreAction(dsl, { actionId: raised.actionId });
    expect((await chronology(hoy, zoe)).some((i) => i.id === incidentId)).toBe(false);
    const versions = await inSchool(a.id, (tx) =>
      tx.select().from(incidentVersions).where(eq(incidentVersions.incidentId, split.incidentId)),
    );
    expect(versions[0]?.snapshot).toMatchObject({ splitFromActionId: actionId });
  });
});

describe('adding an action to linked incidents later', () => {
  /** A concern about Zoë with Seun and Ade linked: three copies of one record. */
  const linkedRecord = async (text: string) => {
    const created = await createIncident(teacher, {
      studentId: zoe,
      text,
      categoryIds: cat['Behaviour']!,
      linked: JSON.stringify([
        { studentId: seun, role: 'alleged_harm' },
        { studentId: ade, role: 'witness' },
      ]),
    });
    const copyOf = (studentId: string) => created.linked.find((l) => l.studentId === studentId)!.incidentId;
    return { main: created.incidentId, seunCopy: copyOf(seun), adeCopy: copyOf(ade) };
  };
  const actionsOn = (incidentId: string) =>
    inSchool(a.id, (tx) =>
      tx
        .select()
        .from(incidentActions)
        .where(and(eq(incidentActions.incidentId, incidentId), isNull(incidentActions.deletedAt))),
    );

  it('puts the action, its categories and monitoring on every linked copy, audited, alerting nobody again', async () => {
    const r = await linkedRecord('A fight by the lockers.');
    const { actionId } = await addAction(dsl, {
      incidentId: r.main,
      text: 'Called both families.\nMeeting booked.',
      categoryIds: cat['Family'],
      agencies: 'Early Help',
      alertUserIds: hoy.user.id,
    });
    const offered = await linkedTargetsByAction(dsl, r.main, style);
    expect(offered[actionId]?.map((t) => [t.studentName, t.role])).toEqual([
      ['Seun Adeyemi', 'alleged_harm'],
      ['Ade Łęcka', 'witness'],
    ]);
    const alertsBefore = (await inSchool(a.id, (tx) => tx.select().from(alerts))).length;
    const mailBefore = (await inSchool(a.id, (tx) => tx.select().from(outbox))).length;

    const done = await addActionToLinked(slt, { actionId });
    expect(done).toEqual({ incidentId: r.main, addedTo: [r.seunCopy, r.adeCopy] });
    const [original] = await inSchool(a.id, (tx) =>
      tx.select().from(incidentActions).where(eq(incidentActions.id, actionId)),
    );
    for (const copy of [r.seunCopy, r.adeCopy]) {
      const [act] = await actionsOn(copy);
      // The same action, by its author, sharing one id across the copies.
      expect(act).toMatchObject({
        text: 'Called both families.\nMeeting booked.',
        agencies: ['Early Help'],
        authorId: dsl.user.id,
        recordActionId: actionId,
      });
      expect(act!.occurredAt.getTime()).toBe(original!.occurredAt.getTime());
      const cats = await inSchool(a.id, (tx) =>
        tx
          .select()
          .from(incidentCategories)
          .where(and(eq(incidentCategories.actionId, act!.id), isNull(incidentCategories.removedAt))),
      );
      expect(cats.map((c) => [c.incidentId, c.categoryId])).toEqual([[copy, cat['Family']]]);
    }
    expect(original?.recordActionId).toBe(actionId);
    const monitored = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(monitoringPeriods)
        .where(and(eq(monitoringPeriods.categoryId, cat['Family']!), isNull(monitoringPeriods.endedOn))),
    );
    expect(monitored.map((m) => m.studentId)).toEqual(expect.arrayContaining([zoe, seun, ade]));
    const audit = await inSchool(a.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'action.added_to_linked')),
    );
    expect(audit.map((x) => [x.actorUserId, (x.details as { studentId: string }).studentId]).sort()).toEqual(
      [
        [slt.user.id, seun],
        [slt.user.id, ade],
      ].sort(),
    );
    expect(await inSchool(a.id, (tx) => tx.select().from(alerts))).toHaveLength(alertsBefore);
    expect(await inSchool(a.id, (tx) => tx.select().from(outbox))).toHaveLength(mailBefore);

    // On every copy now: no longer offered, and refused if asked again.
    expect((await linkedTargetsByAction(dsl, r.main, style))[actionId]).toBeUndefined();
    await expect(addActionToLinked(dsl, { actionId })).rejects.toBeInstanceOf(NotAllowedError);
    expect(await actionsOn(r.seunCopy)).toHaveLength(1);
  });

  it('is not offered for an action saved on the linked copies already', async () => {
    const r = await linkedRecord('Name-calling in the corridor.');
    const { actionId, alsoOn } = await addAction(dsl, {
      incidentId: r.main,
      text: 'Spoke to all three.',
      toLinkedPupils: 'on',
    });
    expect(alsoOn).toEqual([r.seunCopy, r.adeCopy]);
    expect((await linkedTargetsByAction(dsl, r.main, style))[actionId]).toBeUndefined();
    await expect(addActionToLinked(dsl, { actionId })).rejects.toBeInstanceOf(NotAllowedError);
    // Deleted on one copy, it can go back there.
    const [onAde] = await actionsOn(r.adeCopy);
    await deleteAction(dsl, { actionId: onAde!.id, reason: 'Removed by mistake' });
    expect((await linkedTargetsByAction(dsl, r.main, style))[actionId]?.map((t) => t.incidentId)).toEqual([r.adeCopy]);
  });

  it('leaves out the copies the person may not act on, and refuses when none is left', async () => {
    const r = await linkedRecord('Pushing at the gate.');
    // Seun's copy alone is raised to Child Protection, which Pastoral may not read.
    await addAction(dsl, {
      incidentId: r.seunCopy,
      text: 'Raised for Seun only.',
      categoryIds: cat['Child Protection'],
    });
    // The add-action form offers the copies a new action would reach: one for Pastoral, both for the DSL.
    expect(await actableLinkedCount(hoy, r.main)).toBe(1);
    expect(await actableLinkedCount(dsl, r.main)).toBe(2);
    const { actionId } = await addAction(hoy, { incidentId: r.main, text: 'Pastoral follow-up.' });
    expect((await linkedTargetsByAction(hoy, r.main, style))[actionId]?.map((t) => t.incidentId)).toEqual([r.adeCopy]);
    expect((await addActionToLinked(hoy, { actionId })).addedTo).toEqual([r.adeCopy]);
    expect((await actionsOn(r.seunCopy)).map((x) => x.text)).toEqual(['Raised for Seun only.']);
    await expect(addActionToLinked(hoy, { actionId })).rejects.toBeInstanceOf(NotAllowedError);
    // The DSL may act on Seun's copy: it goes there.
    expect((await addActionToLinked(dsl, { actionId })).addedTo).toEqual([r.seunCopy]);
  });

  it('answers "not found" for another school, a non-key user, an unelevated key holder and a deleted action', async () => {
    const r = await linkedRecord('Graffiti in the toilets.');
    const { actionId } = await addAction(dsl, { incidentId: r.main, text: 'Site team informed.' });
    const unelevated = (await signedIn(a, dsl.user.id)).ctx;
    for (const ctx of [bDsl, teacher, unelevated]) {
      await expect(addActionToLinked(ctx, { actionId })).rejects.toBeInstanceOf(NotFoundError);
      expect(await linkedTargetsByAction(ctx, r.main, style)).toEqual({});
      expect(await actableLinkedCount(ctx, r.main)).toBe(0);
    }
    await expect(addActionToLinked(dsl, { actionId: 'not-an-id' })).rejects.toThrow();
    await expect(addActionToLinked(dsl, { actionId: randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    await deleteAction(dsl, { actionId, reason: 'Added in error' });
    await expect(addActionToLinked(dsl, { actionId })).rejects.toBeInstanceOf(NotFoundError);
    for (const copy of [r.seunCopy, r.adeCopy]) expect(await actionsOn(copy)).toEqual([]);
  });
});
